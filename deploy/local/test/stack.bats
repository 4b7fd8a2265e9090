#!/usr/bin/env bats
# The whole local stack, started once by ./etherwatch up on ports of its own and shared by the tests of this file, in
# order: every part up, the end-to-end path, the console in a real browser, then the faults (moto killed, push-service
# killed) and down. auth-service issues 60-second access tokens here (etherwatch.auth.access-token-lifetime), so that
# the browser test sees the console refresh its token silently; every other check logs in when it needs a token.

bats_require_minimum_version 1.5.0

setup_file() {
  ROOT=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
  # Not under BATS_FILE_TMPDIR: the postgres user must be able to reach the database folder.
  STATE_PARENT=$(mktemp -d /tmp/etherwatch-bats.XXXXXX)
  chmod 755 "$STATE_PARENT"
  export ROOT STATE_PARENT ETHERWATCH_STATE="$STATE_PARENT/state" UP_LOG="$BATS_FILE_TMPDIR/up.log"
  # Ports of this test's own (18080-18084, 19092/19093, 14566, 15432), so that a stack a developer runs on the
  # defaults is left alone; STACK_TEST_PORT_DIGIT=5 moves them to 58080…, to run beside another run of this file.
  local d=${STACK_TEST_PORT_DIGIT:-1}
  export ETHERWATCH_KAFKA_PORT=${d}9092 ETHERWATCH_KAFKA_CONTROLLER_PORT=${d}9093 ETHERWATCH_MOTO_PORT=${d}4566 \
    ETHERWATCH_POSTGRES_PORT=${d}5432 ETHERWATCH_WEB_CONSOLE_PORT=${d}8080 ETHERWATCH_AUTH_SERVICE_PORT=${d}8081 \
    ETHERWATCH_INVENTORY_SERVICE_PORT=${d}8082 ETHERWATCH_PUSH_SERVICE_PORT=${d}8083 ETHERWATCH_LOG_INGEST_SERVICE_PORT=${d}8084
  export AUTH="http://127.0.0.1:${d}8081" INVENTORY="http://127.0.0.1:${d}8082" PUSH="http://127.0.0.1:${d}8083" PUSH_WS="ws://127.0.0.1:${d}8083/ws" \
    CONSOLE="http://127.0.0.1:${d}8080" MOTO="http://127.0.0.1:${d}4566"
  export ETHERWATCH_ADMIN_PASSWORD='the passphrase of this test'
  export ETHERWATCH_AUTH_ACCESS_TOKEN_LIFETIME=60S
  # fd 3 closed: bats would otherwise wait for the stack at the end of this function.
  "$ROOT/etherwatch" up >"$UP_LOG" 2>&1 3>&- &
}

teardown_file() {
  if [ -f "$ETHERWATCH_STATE/up.pid" ]; then "$ROOT/etherwatch" down >/dev/null 2>&1 || true; fi
  # The parts' logs and up's output outlive the run (git-ignored), for a failure to be read afterwards.
  rm -rf "$ROOT/target/stack-test-logs"
  mkdir -p "$ROOT/target/stack-test-logs"
  cp -r "$ETHERWATCH_STATE/logs/." "$UP_LOG" "$ROOT/target/stack-test-logs/" 2>/dev/null || true
  rm -rf "$STATE_PARENT"
}

setup() {
  # Every test after the first needs the stack that the first saw come up.
  if [ "$BATS_TEST_NUMBER" -gt 1 ] && [ ! -e "$BATS_FILE_TMPDIR/stack-up" ]; then
    skip "the stack did not come up (see the first test)"
  fi
}

teardown() {
  if [ -n "${TAIL_PID:-}" ]; then kill "$TAIL_PID" 2>/dev/null || true; fi
  if [ -n "${FOLLOW_PID:-}" ]; then kill "$FOLLOW_PID" 2>/dev/null || true; fi
}

VENV="${ETHERWATCH_VENV:-$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)/.venv}"

# A fresh access token of the demo admin (they live 60 s here).
admin_token() {
  curl -fs -H 'Content-Type: application/json' "$AUTH/api/authenticate" \
    -d "{\"username\":\"admin\",\"password\":\"$ETHERWATCH_ADMIN_PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# The names, subnets and groups of the instances that inventory-service lists.
inventory_instances() {
  local token
  token=$(admin_token) || return 1
  curl -fs -H "Authorization: Bearer $token" "$INVENTORY/api/ec2" | python3 -c '
import json, sys
for i in sorted(json.load(sys.stdin)["instances"], key=lambda i: i["name"] or ""):
    print(i["name"], i["privateIp"].rsplit(".", 1)[0], ",".join(sorted(g["groupName"] for g in i["securityGroups"])))'
}

# The log group names that inventory-service lists.
inventory_log_groups() {
  local token
  token=$(admin_token) || return 1
  curl -fs -H "Authorization: Bearer $token" "$INVENTORY/api/log/groups" \
    | python3 -c 'import json, sys; print("\n".join(g["logGroupName"] for g in json.load(sys.stdin)["logGroups"]))'
}

# CPUUtilization of an instance over the last 30 days through inventory-service's statistics route (DESIGN section 4),
# as "<datapoints> <period> <statistics every datapoint has>" (arguments: the instance's Name).
inventory_cpu_stats() {
  local id token
  token=$(admin_token) || return 1
  id=$(curl -fs -H "Authorization: Bearer $token" "$INVENTORY/api/ec2?tag:Name=$1" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["instances"][0]["instanceId"])') || return 1
  curl -fs -H "Authorization: Bearer $token" "$INVENTORY/api/metrics/stats?namespace=AWS/EC2&metricName=CPUUtilization&dimension=InstanceId=$id&start=$(($(date +%s) - 30 * 86400))000" \
    | python3 -c '
import json, sys
answer = json.load(sys.stdin)
points = answer["datapoints"]
stats = [s for s in ("minimum", "maximum", "average", "sum") if points and all(p.get(s) is not None for p in points)]
print(len(points), answer["period"], ",".join(stats))'
}

# The end-to-end path's helper (deploy/local/test/e2e_events.py: prepare, write, follow, check).
e2e_events() {
  "$VENV/bin/python" -u "$BATS_TEST_DIRNAME/e2e_events.py" "$@"
}

# How many times the supervisor reported push-service killed by SIGKILL.
push_kills() {
  grep -c "push-service exited: killed by signal 9; restarting" "$UP_LOG" || true
}

INVENTORY_VIEW='ManagementServer 10.0.1 etherwatch-management
MongoDBServer 10.0.2 etherwatch-database
NodeAppServer1 10.0.3 etherwatch-apps
NodeAppServer2 10.0.4 etherwatch-apps'

@test "up: starts every part, prints the console and the demo login, and inventory-service shows the seeded network" {
  for _ in $(seq 360); do grep -q "Etherwatch is up" "$UP_LOG" && break; sleep 0.5; done
  grep -q "Etherwatch is up" "$UP_LOG" || { cat "$UP_LOG" >&3; false; }
  for url in "$CONSOLE" "$AUTH" "$INVENTORY" "$PUSH" "http://127.0.0.1:$ETHERWATCH_LOG_INGEST_SERVICE_PORT"; do
    curl -fs "$url/q/health/ready" >/dev/null
  done
  curl -fs "$MOTO/moto-api/" >/dev/null
  grep -q "console        $CONSOLE" "$UP_LOG"
  grep -q "demo login     admin / the password in ETHERWATCH_ADMIN_PASSWORD" "$UP_LOG"

  # inventory-service's view of the seeded network, with the admin's password from ETHERWATCH_ADMIN_PASSWORD.
  run inventory_instances
  [ "$output" = "$INVENTORY_VIEW" ]
  # The demo traffic's log groups, through inventory-service (the demo part starts after the banner).
  for _ in $(seq 120); do inventory_log_groups | grep -qx etherwatch/NodeAppServer1 && break; sleep 0.5; done
  inventory_log_groups | grep -qx etherwatch/NodeAppServer1 || {
    tail -n 5 "$ETHERWATCH_STATE/logs/demo.log" >&3
    inventory_log_groups >&3
    false
  }
  touch "$BATS_FILE_TMPDIR/stack-up"
}

@test "end to end: numbered events through PutLogEvents come out of ./etherwatch tail and a WebSocket once each, in order; REST sees the group and the statistics" {
  # The end-to-end path (issue 15): 3 streams × 50 numbered events written through PutLogEvents, 10 a call as the
  # agent writes, read by ./etherwatch tail --json and by a WebSocket client: every event once, in order per stream.
  local group=e2e/bats since
  e2e_events prepare "$MOTO" "$group" 3
  since=$(($(date +%s) - 60))000
  ETHERWATCH_PASSWORD=$ETHERWATCH_ADMIN_PASSWORD "$ROOT/etherwatch" tail "$group" --json --since "$since" \
    --auth-url "$AUTH" --push-url "$PUSH_WS" --inventory-url "$INVENTORY" \
    >"$BATS_TEST_TMPDIR/tail.jsonl" 2>"$BATS_TEST_TMPDIR/tail.err" &
  TAIL_PID=$!
  # The client re-authenticates every 20 s through auth-service: tokens live 60 s here.
  ETHERWATCH_PASSWORD=$ETHERWATCH_ADMIN_PASSWORD "$VENV/bin/python" -u "$BATS_TEST_DIRNAME/e2e_events.py" follow \
    "$PUSH_WS" "$(admin_token)" "$group" "$since" "$BATS_TEST_TMPDIR/ws.jsonl" "$AUTH" \
    2>"$BATS_TEST_TMPDIR/ws.err" &
  FOLLOW_PID=$!
  e2e_events write "$MOTO" "$group" 3 50 10
  run e2e_events check "$group" 3 50 90 "$BATS_TEST_TMPDIR/tail.jsonl" "$BATS_TEST_TMPDIR/ws.jsonl"
  [ "$status" -eq 0 ] || {
    printf '%s\n' "$output" >&3
    cat "$BATS_TEST_TMPDIR/tail.err" "$BATS_TEST_TMPDIR/ws.err" >&3
    tail -n 20 "$ETHERWATCH_STATE/logs/push-service.log" "$ETHERWATCH_STATE/logs/log-ingest-service.log" >&3
    false
  }
  kill -TERM "$TAIL_PID" "$FOLLOW_PID"
  local tail_status=0
  wait "$TAIL_PID" || tail_status=$?
  [ "$tail_status" -eq 0 ] || { echo "tail exited $tail_status" >&3; cat "$BATS_TEST_TMPDIR/tail.err" >&3; false; }
  wait "$FOLLOW_PID"
  TAIL_PID='' FOLLOW_PID=''
  # The same group, the seeded instances' statistics, through REST with the admin's token. inventory-service reuses
  # an AWS answer for cache-ttl (5 s, DESIGN section 4): the listing above, made before the group existed, may be
  # answered again for that long.
  for _ in $(seq 30); do inventory_log_groups 2>/dev/null | grep -qx "$group" && break; sleep 0.5; done
  inventory_log_groups | grep -qx "$group" || { inventory_log_groups >&3; false; }
  for _ in $(seq 60); do [[ "$(inventory_cpu_stats NodeAppServer1)" == [1-9]* ]] && break; sleep 0.5; done
  run inventory_cpu_stats NodeAppServer1
  [[ "$output" =~ ^[1-9][0-9]*\ [0-9]+\ minimum,maximum,average,sum$ ]] || { echo "CPUUtilization stats: $output" >&3; false; }
}

@test "console: in headless Chromium, sign-in, instances, metrics, log groups, live tail (pause, filter, reconnect, GAP), token refresh, sign-out, axe-core (web-console/src/test/browser)" {
  local dir="$ROOT/web-console/src/test/browser"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  # Everything the suite printed is shown when it fails; screenshots and notes stay in web-console/target/browser-test.
  (cd "$dir" && CONSOLE_URL=$CONSOLE CONSOLE_PASSWORD=$ETHERWATCH_ADMIN_PASSWORD \
    AWS_ENDPOINT=$MOTO KAFKA_BOOTSTRAP=127.0.0.1:$ETHERWATCH_KAFKA_PORT PUSH_PORT=$ETHERWATCH_PUSH_SERVICE_PORT TOKEN_LIFETIME_S=60 NO_COLOR=1 \
    ARTIFACTS="$ROOT/web-console/target/browser-test" node --test-reporter=spec console.test.mjs 2>&1)
}

@test "moto: killed, it comes back empty and the supervisor seeds it again; the demo traffic writes its groups again" {
  kill -9 "$(pgrep -f "moto_server -H 127.0.0.1 -p $ETHERWATCH_MOTO_PORT")"
  for _ in $(seq 120); do grep -q "moto reseeded after its restart" "$UP_LOG" && break; sleep 0.5; done
  grep -q "moto reseeded after its restart" "$UP_LOG" || { cat "$UP_LOG" >&3; false; }
  for _ in $(seq 60); do [ "$(inventory_instances)" = "$INVENTORY_VIEW" ] && break; sleep 0.5; done
  run inventory_instances
  [ "$output" = "$INVENTORY_VIEW" ]
  # The demo traffic writes its groups again into the empty moto.
  for _ in $(seq 60); do inventory_log_groups | grep -qx etherwatch/NodeAppServer1 && break; sleep 0.5; done
  inventory_log_groups | grep -qx etherwatch/NodeAppServer1
}

@test "push-service: killed with SIGKILL, the supervisor says so and restarts it" {
  local kills
  kills=$(push_kills)
  pkill -9 -f "Dquarkus.http.port=$ETHERWATCH_PUSH_SERVICE_PORT"
  for _ in $(seq 120); do [ "$(push_kills)" -gt "$kills" ] && break; sleep 0.5; done
  [ "$(push_kills)" -gt "$kills" ]
  for _ in $(seq 120); do curl -fs "$PUSH/q/health/ready" >/dev/null && break; sleep 0.5; done
  curl -fs "$PUSH/q/health/ready" >/dev/null
}

@test "down: stops every part" {
  run "$ROOT/etherwatch" down
  [ "$status" -eq 0 ]
  run -1 pgrep -f "Dquarkus.http.port=${STACK_TEST_PORT_DIGIT:-1}808[0-4]"
  run -1 pgrep -f "$ETHERWATCH_STATE/kafka/server.properties"
  run -1 pgrep -f "moto_server -H 127.0.0.1 -p $ETHERWATCH_MOTO_PORT"
  run -1 pgrep -f "demo_traffic.py --endpoint $MOTO"
  run -1 pgrep -f "postgres -D $ETHERWATCH_STATE"
}
