#!/usr/bin/env bats
# deploy/k8s (issue 17, DESIGN section 8), offline: both overlays render, kubeconform finds every object valid against
# Kubernetes' schemas and the operators' CRDs (strict: unknown fields are errors, no kind goes unchecked), kube-score
# passes, and the properties of properties.py hold. tools.sh installs and caches the tools (./etherwatch test starts
# it early, beside the Maven build).

bats_require_minimum_version 1.5.0

setup_file() {
  ROOT=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
  CACHE=$("$ROOT/deploy/k8s/test/tools.sh" | tail -n1)
  export ROOT CACHE
  local overlay
  for overlay in local aws; do
    "$CACHE/render" "$ROOT/deploy/k8s/overlays/$overlay" >"$BATS_FILE_TMPDIR/$overlay.yaml" 2>&1 || true
  done
}

setup() {
  VENV="${ETHERWATCH_VENV:-$ROOT/.venv}"
}

# Validates a rendered file strictly (argument: the file).
kubeconform_strict() {
  "$CACHE/bin/kubeconform" -strict -summary \
    -schema-location "$CACHE/schemas/core/{{.ResourceKind}}{{.KindSuffix}}.json" \
    -schema-location "$CACHE/schemas/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json" "$1"
}

kube_score() {
  "$CACHE/bin/kube-score" score --kubernetes-version v1.32 -o ci "$1"
}

# Runs one check of properties.py on both overlays (argument: the check).
property_holds() {
  local overlay failed=0
  for overlay in local aws; do
    run "$VENV/bin/python" "$BATS_TEST_DIRNAME/properties.py" "$BATS_FILE_TMPDIR/$overlay.yaml" "$overlay" "$1"
    if [ "$status" -ne 0 ]; then
      printf '%s: %s\n' "$overlay" "$output" >&3
      failed=1
    fi
  done
  [ "$failed" -eq 0 ]
}

@test "render: the local overlay renders with kustomize" {
  run "$CACHE/render" "$ROOT/deploy/k8s/overlays/local"
  [ "$status" -eq 0 ]
  [ "$(grep -c '^kind: ' <<<"$output")" -gt 40 ]
  grep -q '^kind: Kafka$' <<<"$output"
  grep -q '^kind: Cluster$' <<<"$output"
}

@test "render: the aws overlay renders with kustomize" {
  run "$CACHE/render" "$ROOT/deploy/k8s/overlays/aws"
  [ "$status" -eq 0 ]
  [ "$(grep -c '^kind: ' <<<"$output")" -gt 40 ]
  grep -q 'eks.amazonaws.com/role-arn' <<<"$output"
}

@test "kubeconform: every object of the local overlay is valid, Strimzi's and CloudNativePG's included" {
  run kubeconform_strict "$BATS_FILE_TMPDIR/local.yaml"
  echo "$output"
  [ "$status" -eq 0 ]
  grep -Eq 'Invalid: 0, Errors: 0, Skipped: 0' <<<"$output"
}

@test "kubeconform: every object of the aws overlay is valid" {
  run kubeconform_strict "$BATS_FILE_TMPDIR/aws.yaml"
  echo "$output"
  [ "$status" -eq 0 ]
  grep -Eq 'Invalid: 0, Errors: 0, Skipped: 0' <<<"$output"
}

@test "kubeconform: an unknown field is refused in a Deployment, a KafkaTopic and a Cluster" {
  sed -e 's/^  revisionHistoryLimit: 5$/  revisionHistoryLimit: 5\n  revisionHistory: 5/' \
    -e 's/^  topicName: etherwatch.ingest.budget$/  topicName: etherwatch.ingest.budget\n  topic: x/' \
    -e 's/^    initdb:$/    initDB:/' "$BATS_FILE_TMPDIR/local.yaml" >"$BATS_TEST_TMPDIR/bad.yaml"
  run kubeconform_strict "$BATS_TEST_TMPDIR/bad.yaml"
  [ "$status" -ne 0 ]
  grep -q "Deployment auth-service is invalid.*'revisionHistory' not allowed" <<<"$output"
  grep -q "KafkaTopic etherwatch-ingest-budget is invalid.*'topic' not allowed" <<<"$output"
  grep -q "Cluster etherwatch-postgres is invalid.*'initDB' not allowed" <<<"$output"
}

@test "kube-score: the local overlay passes with no warning" {
  run kube_score "$BATS_FILE_TMPDIR/local.yaml"
  grep -E '^\[(WARNING|CRITICAL)\]' <<<"$output" >&3 || true
  [ "$status" -eq 0 ]
  run ! grep -Eq '^\[(WARNING|CRITICAL)\]' <<<"$output"
}

@test "kube-score: the aws overlay passes with no warning" {
  run kube_score "$BATS_FILE_TMPDIR/aws.yaml"
  grep -E '^\[(WARNING|CRITICAL)\]' <<<"$output" >&3 || true
  [ "$status" -eq 0 ]
  run ! grep -Eq '^\[(WARNING|CRITICAL)\]' <<<"$output"
}

@test "kube-score: every exception is explained by a '# <check>: why' comment in the manifests" {
  local check unexplained=0
  while IFS= read -r check; do
    if ! grep -rEq "#.*\b$check:" "$ROOT/deploy/k8s/base" "$ROOT/deploy/k8s/overlays"; then
      echo "kube-score/ignore $check has no '# $check: why' comment" >&3
      unexplained=1
    fi
  done < <(sed -n 's/^ *kube-score\/ignore: //p' "$BATS_FILE_TMPDIR"/{local,aws}.yaml | tr ',' '\n' | sort -u)
  [ "$unexplained" -eq 0 ]
}

@test "properties: every service has startup, liveness and readiness probes on /q/health" {
  property_holds probes
}

@test "properties: every container has CPU and memory requests and limits" {
  property_holds resources
}

@test "properties: restricted security context in etherwatch, only NET_ADMIN/NET_RAW for the agent" {
  property_holds security
}

@test "properties: every image is pinned, etherwatch's own to the project version" {
  property_holds images
}

@test "properties: every Service selects pods and targets a port they declare" {
  property_holds services
}

@test "properties: the Ingress routes are DESIGN section 8's, backends exist, streams unbuffered for an hour" {
  property_holds ingress
}

@test "properties: NetworkPolicies deny by default and allow exactly section 8's paths" {
  property_holds network
}

@test "properties: every ConfigMap and Secret referenced exists or is documented as operator-provided" {
  property_holds references
}

@test "properties: ConfigMap keys are exactly the keys each service reads" {
  property_holds config-keys
}

@test "properties: overlay specifics (local single replicas and operators' resources; aws IRSA, replicas, Secrets)" {
  property_holds overlay
}

@test "properties: zone spread, a PodDisruptionBudget each, HPAs on CPU and push-service's connections" {
  property_holds scaling
}

@test "properties: the host agent installs its chains, then runs with AWS as the node" {
  property_holds agent
}

@test "properties: broken manifests are caught (a probe, a key nobody reads, an extra network path)" {
  local file="$BATS_TEST_TMPDIR/broken.yaml" check="$VENV/bin/python $BATS_TEST_DIRNAME/properties.py"
  sed 's#path: /q/health/ready#path: /q/health#' "$BATS_FILE_TMPDIR/aws.yaml" >"$file"
  run $check "$file" aws probes
  [ "$status" -eq 1 ]
  grep -q 'readinessProbe is not GET /q/health/ready' <<<"$output"
  sed 's#^  ETHERWATCH_INVENTORY_RETRY_AFTER: 2S#&\n  ETHERWATCH_INVENTORY_RETRIES: "3"#' \
    "$BATS_FILE_TMPDIR/aws.yaml" >"$file"
  run $check "$file" aws config-keys
  [ "$status" -eq 1 ]
  grep -q 'ETHERWATCH_INVENTORY_RETRIES is not a key the service reads' <<<"$output"
  sed 's#^    - port: 5432$#    - port: 5433#' "$BATS_FILE_TMPDIR/aws.yaml" >"$file"
  run $check "$file" aws network
  [ "$status" -eq 1 ]
  grep -q "auth-service Egress: extra \[('cidr:10.0.0.0/16', '5433/TCP')\]" <<<"$output"
}
