#!/usr/bin/env bats
# The ./etherwatch command line: its errors, the seeding, the demo traffic and the admin password; the whole
# supervised stack is started once in stack.bats.

bats_require_minimum_version 1.5.0

setup() {
  ROOT=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
  # Not under BATS_TEST_TMPDIR: the postgres user must be able to reach the database folder.
  STATE_PARENT=$(mktemp -d /tmp/etherwatch-bats.XXXXXX)
  chmod 755 "$STATE_PARENT"
  export ETHERWATCH_STATE="$STATE_PARENT/state"
  # Ports of this test's own, so that a stack a developer runs on the defaults is left alone.
  export ETHERWATCH_KAFKA_PORT=19092 ETHERWATCH_KAFKA_CONTROLLER_PORT=19093 ETHERWATCH_MOTO_PORT=14566 \
    ETHERWATCH_POSTGRES_PORT=15432 ETHERWATCH_WEB_CONSOLE_PORT=18080 ETHERWATCH_AUTH_SERVICE_PORT=18081 \
    ETHERWATCH_INVENTORY_SERVICE_PORT=18082 ETHERWATCH_PUSH_SERVICE_PORT=18083 ETHERWATCH_LOG_INGEST_SERVICE_PORT=18084
}

teardown() {
  if [ -n "${LISTENER:-}" ]; then kill "$LISTENER" 2>/dev/null || true; fi
  if [ -n "${MOTO:-}" ]; then kill "$MOTO" 2>/dev/null || true; fi
  if [ -n "${DEMO_PID:-}" ]; then kill "$DEMO_PID" 2>/dev/null || true; fi
  if [ -f "$ETHERWATCH_STATE/up.pid" ]; then "$ROOT/etherwatch" down >/dev/null 2>&1 || true; fi
  rm -rf "$STATE_PARENT"
}

# Runs a command and keeps only its standard error (arguments: the command line).
stderr_of() {
  { "$@" >/dev/null; } 2>&1
}

# Runs a function of ./etherwatch in a shell of its own (arguments: the function and its arguments).
etherwatch_function() {
  bash -c 'script=$1 && shift && source "$script" && "$@"' bats-etherwatch "$ROOT/etherwatch" "$@"
}

VENV="${ETHERWATCH_VENV:-$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)/.venv}"

# Starts the venv's moto server alone on a free port (sets MOTO and ETHERWATCH_MOTO_PORT).
start_moto() {
  ETHERWATCH_MOTO_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export ETHERWATCH_MOTO_PORT AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$ETHERWATCH_MOTO_PORT" >"$BATS_TEST_TMPDIR/moto.log" 2>&1 &
  MOTO=$!
  for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$ETHERWATCH_MOTO_PORT/moto-api/" && return 0; sleep 0.1; done
  cat "$BATS_TEST_TMPDIR/moto.log" >&3
  false
}

# The reference network as the EC2 API shows it, one fact a line (deploy/local/test/reference_network_view.py).
network_view() {
  "$VENV/bin/python" "$BATS_TEST_DIRNAME/reference_network_view.py" "http://127.0.0.1:$ETHERWATCH_MOTO_PORT"
}

# What the seeded network must look like: the template's design (DESIGN section 9), whatever moto ignores of it.
REFERENCE_NETWORK='ingress etherwatch-apps icmp all from 10.0.0.0/16
ingress etherwatch-apps tcp 22-22 from 10.0.1.0/24
ingress etherwatch-apps tcp 80-80 from sg:etherwatch-load-balancer
ingress etherwatch-database icmp all from 10.0.1.0/24
ingress etherwatch-database tcp 22-22 from 10.0.1.0/24
ingress etherwatch-database tcp 27017-27017 from sg:etherwatch-apps
ingress etherwatch-load-balancer tcp 443-443 from 0.0.0.0/0
ingress etherwatch-load-balancer tcp 80-80 from 0.0.0.0/0
ingress etherwatch-management tcp 22-22 from 203.0.113.0/24
ingress etherwatch-management tcp 8080-8080 from 0.0.0.0/0
instance ManagementServer running t2.micro subnet management ip-in-subnet True groups etherwatch-management interface-groups etherwatch-management
instance MongoDBServer running t2.micro subnet database ip-in-subnet True groups etherwatch-database interface-groups etherwatch-database
instance NodeAppServer1 running t2.micro subnet apps-1 ip-in-subnet True groups etherwatch-apps interface-groups etherwatch-apps
instance NodeAppServer2 running t2.micro subnet apps-2 ip-in-subnet True groups etherwatch-apps interface-groups etherwatch-apps
internet-gateways attached 1
route etherwatch-reference-public 0.0.0.0/0 igw
route etherwatch-reference-public 10.0.0.0/16 local
route main 10.0.0.0/16 local
subnet apps-1 10.0.3.0/24 us-east-1d public-ip-on-launch True route-table etherwatch-reference-public
subnet apps-2 10.0.4.0/24 us-east-1a public-ip-on-launch True route-table etherwatch-reference-public
subnet database 10.0.2.0/24 us-east-1b public-ip-on-launch True route-table etherwatch-reference-public
subnet load-balancer 10.0.5.0/24 us-east-1e public-ip-on-launch True route-table etherwatch-reference-public
subnet management 10.0.1.0/24 us-east-1a public-ip-on-launch True route-table etherwatch-reference-public
vpcs 10.0.0.0/16 1'

@test "help: lists every command" {
  run "$ROOT/etherwatch" --help
  [ "$status" -eq 0 ]
  for command in up down test user bench; do
    [[ "$output" == *"  $command"* ]]
  done
}

@test "etherwatch: an unknown command fails with one line on stderr" {
  run stderr_of "$ROOT/etherwatch" launch
  [ "$status" -ne 0 ]
  [ "$output" = "etherwatch: unknown command 'launch' (./etherwatch --help lists them)" ]
}

@test "up: a taken port is reported by port and part before anything starts" {
  python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(60)' \
    "$ETHERWATCH_INVENTORY_SERVICE_PORT" &
  LISTENER=$!
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$ETHERWATCH_INVENTORY_SERVICE_PORT") 2>/dev/null && break; sleep 0.1; done
  run stderr_of "$ROOT/etherwatch" up
  [ "$status" -eq 1 ]
  [[ "$output" == *"port 18082 (inventory-service)"* ]]
  [ ! -e "$ETHERWATCH_STATE" ]
}

@test "up: an unknown option is refused" {
  run stderr_of "$ROOT/etherwatch" up --fast
  [ "$status" -eq 1 ]
  [ "$output" = "etherwatch: up: unknown option --fast" ]
}

@test "down: says so when no stack runs" {
  run stderr_of "$ROOT/etherwatch" down
  [ "$status" -eq 1 ]
  [[ "$output" == "etherwatch: no stack is running"* ]]
}

@test "bench: an unknown benchmark is refused" {
  run stderr_of "$ROOT/etherwatch" bench nosuch
  [ "$status" -eq 1 ]
  [[ "$output" == *"no benchmark named 'nosuch' (there are: "*"push-fanout"* ]]
}

@test "reference network: the template is cfn-lint clean" {
  run "$VENV/bin/cfn-lint" "$ROOT/deploy/aws/reference-vpc.yaml"
  [ "$status" -eq 0 ]
}

@test "reference network: seeding deploys the template to moto, corrects what moto ignores, and a second run changes nothing" {
  start_moto
  mkdir -p "$ETHERWATCH_STATE/logs"
  run etherwatch_function demo_seed_reference_network
  [ "$status" -eq 0 ]
  [[ "$output" == *"stack etherwatch-reference-vpc created, 17 corrections"* ]]
  grep -q "moto work-around: NodeAppServer1: security groups set" "$ETHERWATCH_STATE/logs/seed.log"
  run network_view
  [ "$status" -eq 0 ]
  [ "$output" = "$REFERENCE_NETWORK" ] || { diff <(echo "$REFERENCE_NETWORK") <(echo "$output") >&3; false; }

  run etherwatch_function demo_seed_reference_network
  [ "$status" -eq 0 ]
  [[ "$output" == *"already seeded; nothing changed"* ]]
  run network_view
  [ "$output" = "$REFERENCE_NETWORK" ]

  # Only what is missing is corrected: a lost association comes back, nothing else is touched.
  local aws=("$VENV/bin/aws" --endpoint-url "http://127.0.0.1:$ETHERWATCH_MOTO_PORT" --region us-east-1)
  # shellcheck disable=SC2016 # the backticks are JMESPath literals, not command substitution
  "${aws[@]}" ec2 disassociate-route-table --association-id "$("${aws[@]}" ec2 describe-route-tables --output text \
    --query 'RouteTables[].Associations[?SubnetId!=`null`][] | [0].RouteTableAssociationId')"
  run etherwatch_function demo_seed_reference_network
  [[ "$output" == *"was there; 1 corrections"* ]]
  run network_view
  [ "$output" = "$REFERENCE_NETWORK" ]
}

@test "up --no-demo: seeds nothing" {
  start_moto
  mkdir -p "$ETHERWATCH_STATE/logs"
  run etherwatch_function eval 'DEMO=0; demo_seed'
  [ "$status" -eq 0 ]
  [ ! -e "$ETHERWATCH_STATE/logs/seed.log" ]
  run "$VENV/bin/aws" --endpoint-url "http://127.0.0.1:$ETHERWATCH_MOTO_PORT" --region us-east-1 ec2 describe-instances \
    --query 'length(Reservations)'
  [ "$output" = 0 ]
}

# Runs the demo traffic generator against the test's moto (arguments: its options).
demo_traffic() {
  "$VENV/bin/python" -u "$ROOT/deploy/local/seed/demo_traffic.py" --endpoint "http://127.0.0.1:$ETHERWATCH_MOTO_PORT" "$@"
}

# The number of log groups moto holds.
log_group_count() {
  "$VENV/bin/aws" --endpoint-url "http://127.0.0.1:$ETHERWATCH_MOTO_PORT" --region us-east-1 logs describe-log-groups \
    --query 'length(logGroups)'
}

@test "demo traffic: the agent's lines for the four instances, consistent deltas, sshd failures, Etherwatch/Host and 14 days of AWS/EC2" {
  start_moto
  mkdir -p "$ETHERWATCH_STATE/logs"
  run etherwatch_function demo_seed_reference_network
  [ "$status" -eq 0 ]
  run demo_traffic --tick 0.2 --ticks 3 --first-burst 0
  [ "$status" -eq 0 ]
  [[ "$output" == *"backfilling AWS/EC2 for 4 instances: 96768 points over 14 days, 100 calls of at most 1000"* ]]
  [[ "$output" == *"AWS/EC2 backfill done: 96768 points in "* ]]
  [[ "$output" == *"stopped after 3 ticks"* ]]
  # 14 days at 5 minutes are 4032 points; the oldest lies just outside [now - 14 d, now).
  run "$VENV/bin/python" "$BATS_TEST_DIRNAME/demo_traffic_check.py" "http://127.0.0.1:$ETHERWATCH_MOTO_PORT" 3 4031
  [ "$status" -eq 0 ] || { echo "$output" >&3; false; }

  # Started again (a restarted demo part) against the same moto: no second backfill.
  run demo_traffic --tick 0.2 --ticks 1
  [ "$status" -eq 0 ]
  [[ "$output" != *"backfill"* ]]
}

@test "demo traffic: keeps running while moto is down, and writes its groups again into a restarted (empty) moto" {
  start_moto
  # Not through demo_traffic: $! must be python's own pid.
  "$VENV/bin/python" -u "$ROOT/deploy/local/seed/demo_traffic.py" --endpoint "http://127.0.0.1:$ETHERWATCH_MOTO_PORT" \
    --tick 0.2 --backfill-days 0 >"$BATS_TEST_TMPDIR/demo.log" 2>&1 &
  DEMO_PID=$!
  for _ in $(seq 50); do [ "$(log_group_count)" = 5 ] && break; sleep 0.2; done
  [ "$(log_group_count)" = 5 ]
  kill "$MOTO"
  wait "$MOTO" || true
  sleep 1
  kill -0 "$DEMO_PID"
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$ETHERWATCH_MOTO_PORT" >>"$BATS_TEST_TMPDIR/moto.log" 2>&1 &
  MOTO=$!
  for _ in $(seq 100); do [ "$(log_group_count 2>/dev/null)" = 5 ] && break; sleep 0.2; done
  [ "$(log_group_count)" = 5 ]
  kill -TERM "$DEMO_PID"
  wait "$DEMO_PID"
  grep -q "stopped after" "$BATS_TEST_TMPDIR/demo.log"
  # Each failing step is logged once while moto is away, not once a tick.
  [ "$(grep -c "PutLogEvents failed" "$BATS_TEST_TMPDIR/demo.log")" -eq 1 ]
  grep -q "PutLogEvents works again" "$BATS_TEST_TMPDIR/demo.log"
}

@test "admin password: ETHERWATCH_ADMIN_PASSWORD is the demo admin's password on a new state, and is not printed" {
  mkdir -p "$ETHERWATCH_STATE"
  ETHERWATCH_ADMIN_PASSWORD='a long passphrase of mine' run etherwatch_function eval 'up_admin_password; up_login_password'
  [ "$status" -eq 0 ]
  [ "$(cat "$ETHERWATCH_STATE/admin-password")" = 'a long passphrase of mine' ]
  [ "$output" = "the password in ETHERWATCH_ADMIN_PASSWORD" ]
  [ "$(stat -c %a "$ETHERWATCH_STATE/admin-password")" = 600 ]
}

@test "admin password: generated when unset, and kept on the next start" {
  mkdir -p "$ETHERWATCH_STATE"
  run etherwatch_function eval 'up_admin_password; up_login_password'
  [ "$status" -eq 0 ]
  [ "${#output}" -ge 12 ]
  [ "$output" = "$(cat "$ETHERWATCH_STATE/admin-password")" ]
  local first=$output
  run etherwatch_function eval 'up_admin_password; up_login_password'
  [ "$output" = "$first" ]
}

@test "admin password: a short ETHERWATCH_ADMIN_PASSWORD is refused before anything starts" {
  mkdir -p "$ETHERWATCH_STATE"
  ETHERWATCH_ADMIN_PASSWORD=short run stderr_of etherwatch_function up_admin_password
  [ "$status" -eq 1 ]
  [ "$output" = "etherwatch: ETHERWATCH_ADMIN_PASSWORD must be 12 to 128 characters" ]
  [ ! -e "$ETHERWATCH_STATE/admin-password" ]
}

@test "admin password: on a state whose admin exists, another ETHERWATCH_ADMIN_PASSWORD is reported and the working one kept" {
  mkdir -p "$ETHERWATCH_STATE/postgres/data"
  touch "$ETHERWATCH_STATE/postgres/data/PG_VERSION"
  echo 'the first passphrase' >"$ETHERWATCH_STATE/admin-password"
  ETHERWATCH_ADMIN_PASSWORD='another passphrase' run etherwatch_function eval 'up_admin_password; up_login_password'
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == *"ETHERWATCH_ADMIN_PASSWORD is not used"* ]]
  [ "${lines[1]}" = 'the first passphrase' ]
}
