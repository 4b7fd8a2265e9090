#!/usr/bin/env bats
# shellcheck disable=SC2154 # $stderr is set by bats' run --separate-stderr
# deploy/aws/iam: the least-privilege policies against the code that makes the AWS calls (derived by iam_check.py),
# their grammar (parliament, moto's IAM), and the IRSA trust policy template.

bats_require_minimum_version 1.5.0

setup() {
  ROOT=$(cd "$BATS_TEST_DIRNAME/../../../.." && pwd)
  VENV="${ETHERWATCH_VENV:-$ROOT/.venv}"
  IAM="$ROOT/deploy/aws/iam"
  CHECK=("$VENV/bin/python" "$BATS_TEST_DIRNAME/iam_check.py")
}

teardown() {
  if [ -n "${MOTO:-}" ]; then kill "$MOTO" 2>/dev/null || true; fi
}

# Fails the test with a message (arguments: the message).
fail() {
  echo "$*" >&2
  return 1
}

@test "iam: each policy allows exactly the AWS operations its code calls, and modules without a role call none" {
  run --separate-stderr "${CHECK[@]}" actions "$ROOT"
  [ "$status" -eq 0 ] || fail "$output $stderr"
  # The derivation found each part's calls (an empty derivation would match an empty policy).
  [[ "$output" == *"etherwatch-inventory-service: cloudwatch:GetMetricStatistics cloudwatch:ListMetrics ec2:DescribeInstances logs:"* ]]
  [[ "$output" == *"etherwatch-host-agent: cloudwatch:PutMetricData logs:CreateLogGroup"* ]]
  [[ "$output" == *"auth-service: no AWS call, no role"* ]]
  [[ "$output" == *"web-console: no AWS call, no role"* ]]
}

@test "iam derivation: SDK calls, paginators, method references and lambdas; imports and comments are no calls" {
  mkdir -p "$BATS_TEST_TMPDIR/java"
  cat >"$BATS_TEST_TMPDIR/java/Gateway.java" <<'EOF'
package x;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
class Gateway {
  private final Ec2Client ec2;
  private final CloudWatchLogsClient logs;
  Gateway(Ec2Client ec2, CloudWatchLogsClient logs) { this.ec2 = ec2; this.logs = logs; }
  void read() {
    ec2.describeInstancesPaginator(DescribeInstancesRequest.builder().build()).reservations();
    call(() -> logs.filterLogEvents(b -> b.logGroupName("g")));
    java.util.function.Supplier<?> s = logs::describeLogGroups;
    logs
        .describeLogStreams(r -> r.logGroupName("g"));
    // logs.putLogEvents(...) is only a comment
    logs.close();
  }
}
EOF
  run --separate-stderr "${CHECK[@]}" java "$BATS_TEST_DIRNAME/../../../../inventory-service/src/main/java" "$BATS_TEST_TMPDIR/java"
  [ "$status" -eq 0 ] || fail "$stderr"
  [ "$output" = "cloudwatch:GetMetricStatistics cloudwatch:ListMetrics ec2:DescribeInstances logs:DescribeLogGroups logs:DescribeLogStreams logs:FilterLogEvents" ]
  run --separate-stderr "${CHECK[@]}" java "$BATS_TEST_TMPDIR/java"
  [ "$output" = "ec2:DescribeInstances logs:DescribeLogGroups logs:DescribeLogStreams logs:FilterLogEvents" ]
}

@test "iam derivation: an operation called on a receiver that is not a client variable fails the check" {
  mkdir -p "$BATS_TEST_TMPDIR/java"
  cat >"$BATS_TEST_TMPDIR/java/Hidden.java" <<'EOF'
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
class Hidden {
  void send(Holder holder) { holder.client().putLogEvents(r -> r.logGroupName("g")); }
}
EOF
  run --separate-stderr "${CHECK[@]}" java "$BATS_TEST_TMPDIR/java"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"holder.client().putLogEvents(...)' looks like logs:PutLogEvents"* ]]
}

@test "iam derivation: the agent's AWS CLI calls, JSON targets, CBOR operation paths and Query actions" {
  cat >"$BATS_TEST_TMPDIR/agent" <<'EOF'
#!/usr/bin/env bash
# aws logs delete-log-group is only a comment
cw_aws logs create-log-group --log-group-name "$LOG_GROUP"
aws --endpoint-url "$URL" logs create-log-stream --log-group-name g --log-stream-name s
curl --aws-sigv4 "aws:amz:$REGION:logs" -H "X-Amz-Target: Logs_20140328.PutLogEvents" "$URL"
curl --aws-sigv4 "aws:amz:$REGION:monitoring" --data "Action=PutMetricData&Version=2010-08-01" "$URL"
curl --aws-sigv4 "aws:amz:$REGION:monitoring" "$URL/service/GraniteServiceVersion20100801/operation/ListMetrics"
EOF
  run --separate-stderr "${CHECK[@]}" agent "$BATS_TEST_TMPDIR/agent"
  [ "$status" -eq 0 ] || fail "$stderr"
  [ "$output" = "cloudwatch:ListMetrics cloudwatch:PutMetricData logs:CreateLogGroup logs:CreateLogStream logs:PutLogEvents" ]
}

@test "iam: the agent writes only etherwatch/* log groups and the Etherwatch/Host namespace, its defaults" {
  local agent="$ROOT/host-agent/bin/etherwatch-agent"
  # shellcheck disable=SC2016 # the agent's source text, not expansions
  grep -q 'LOG_GROUP=${LOG_GROUP:-etherwatch/$HOST}' "$agent"
  # shellcheck disable=SC2016
  grep -q 'NAMESPACE="${ETHERWATCH_METRIC_NAMESPACE:-Etherwatch/Host}"' "$agent"
  run "$VENV/bin/python" - "$IAM/host-agent.json" <<'EOF'
import json, sys
for statement in json.load(open(sys.argv[1]))["Statement"]:
    resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
    for action in statement["Action"]:
        if action.startswith("logs:"):
            assert all(r.startswith("arn:aws:logs:*:*:log-group:etherwatch/") for r in resources), (action, resources)
        else:
            assert action == "cloudwatch:PutMetricData", action
            assert statement["Condition"] == {"StringEquals": {"cloudwatch:namespace": "Etherwatch/Host"}}, statement
print("ok")
EOF
  [ "$status" -eq 0 ] || fail "$output"
}

@test "iam: parliament finds nothing in any policy" {
  run --separate-stderr "${CHECK[@]}" lint "$ROOT"
  [ "$status" -eq 0 ] || fail "$stderr"
  [ "$(grep -c 'parliament finds nothing' <<<"$output")" -eq "$(grep -vc '^#' "$IAM/roles.tsv")" ]
}

@test "iam: the trust policy template lets exactly one service account assume the role through the cluster's OIDC provider" {
  run "${CHECK[@]}" trust "$ROOT" etherwatch push-service
  [ "$status" -eq 0 ]
  run "$VENV/bin/python" -c '
import json, sys
s = json.loads(sys.argv[1])["Statement"]
assert len(s) == 1, s
s = s[0]
provider = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
assert s["Principal"] == {"Federated": "arn:aws:iam::111122223333:oidc-provider/" + provider}, s
assert s["Action"] == "sts:AssumeRoleWithWebIdentity", s
assert s["Condition"] == {"StringEquals": {provider + ":sub": "system:serviceaccount:etherwatch:push-service",
                                           provider + ":aud": "sts.amazonaws.com"}}, s
' "$output"
  [ "$status" -eq 0 ] || fail "$output"
}

@test "iam: the service accounts are the ones the manifests use: one per AWS-calling part, in etherwatch and etherwatch-agent" {
  run cut -f2,3 <(grep -v '^#' "$IAM/roles.tsv")
  [ "$output" = $'etherwatch\tinventory-service\netherwatch\tlog-ingest-service\netherwatch\tpush-service\netherwatch-agent\thost-agent' ]
}

@test "iam: the aws overlay's IRSA annotations name exactly these roles, each on its service account" {
  run --separate-stderr "${CHECK[@]}" k8s "$ROOT"
  [ "$status" -eq 0 ] || fail "$stderr"
  [ "${#lines[@]}" -eq "$(grep -vc '^#' "$IAM/roles.tsv")" ]
}

# Starts the venv's moto server alone on a free port (sets MOTO and ENDPOINT).
start_moto() {
  local port
  port=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  ENDPOINT="http://127.0.0.1:$port"
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$BATS_TEST_TMPDIR/moto.log" 2>&1 &
  MOTO=$!
  for _ in $(seq 100); do
    curl -fs -o /dev/null "$ENDPOINT/moto-api/" && return 0
    sleep 0.1
  done
  fail "moto did not start: $(cat "$BATS_TEST_TMPDIR/moto.log")"
}

@test "iam: moto's IAM accepts every role as README.md creates it (trust policy rendered, policy attached), and refuses a broken one" {
  start_moto
  local roles=()
  mapfile -t roles < <(grep -v '^#' "$IAM/roles.tsv")
  run "$VENV/bin/python" - "$ENDPOINT" "$ROOT" "${roles[@]}" <<'EOF'
import sys, boto3, botocore
sys.path.insert(0, sys.argv[2] + "/deploy/aws/iam/test")
from iam_check import render_trust
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")
for row in sys.argv[3:]:
    role, namespace, account, policy, _ = row.split("\t")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=render_trust(sys.argv[2], namespace, account))
    arn = iam.create_policy(PolicyName=role, PolicyDocument=open(f"{sys.argv[2]}/deploy/aws/iam/{policy}").read())["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=role, PolicyArn=arn)
    print(role, [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]])
try:
    iam.create_policy(PolicyName="broken", PolicyDocument='{"Version":"2012-10-17","Statement":[{"Action":"logs:PutLogEvents","Resource":"*"}]}')
    print("broken policy accepted")
except botocore.exceptions.ClientError as e:
    print("refused", e.response["Error"]["Code"])
EOF
  [ "$status" -eq 0 ] || fail "$output"
  [[ "$output" == *"etherwatch-host-agent ['etherwatch-host-agent']"* ]] || fail "$output"
  [ "$(grep -c "^etherwatch-" <<<"$output")" -eq "${#roles[@]}" ]
  [[ "$output" == *"refused MalformedPolicyDocument"* ]] || fail "$output"
}

@test "iam: each AWS-calling service's packaged class path resolves IRSA credentials (web identity token, STS on moto)" {
  start_moto
  echo 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZXRoZXJ3YXRjaDp4In0.c2ln' >"$BATS_TEST_TMPDIR/token"
  local svc lib
  for svc in inventory-service log-ingest-service push-service; do
    lib="$ROOT/$svc/target/quarkus-app/lib/main"
    [ -d "$lib" ] || fail "$svc is not packaged: run ./mvnw -B -ntp -pl $svc -am package -DskipTests first"
    # Only what EKS's pod identity webhook sets: no keys, no instance metadata to fall back on.
    run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE AWS_REGION=us-east-1 \
      AWS_ROLE_ARN="arn:aws:iam::123456789012:role/etherwatch-$svc" AWS_WEB_IDENTITY_TOKEN_FILE="$BATS_TEST_TMPDIR/token" \
      AWS_ENDPOINT_URL_STS="$ENDPOINT" AWS_EC2_METADATA_DISABLED=true HOME="$BATS_TEST_TMPDIR" \
      java -cp "$lib/*" "$BATS_TEST_DIRNAME/IrsaCheck.java"
    [ "$status" -eq 0 ] || fail "$svc: $output"
    [[ "${lines[-1]}" =~ ^resolved\ ASIA ]] || fail "$svc: $output"
  done
}
