#!/usr/bin/env bats
# The ./etherwatch command line: its errors, and the supervised local stack on ports of its own.

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
  if [ -f "$ETHERWATCH_STATE/up.pid" ]; then "$ROOT/etherwatch" down >/dev/null 2>&1 || true; fi
  rm -rf "$STATE_PARENT"
}

# Runs a command and keeps only its standard error (arguments: the command line).
stderr_of() {
  { "$@" >/dev/null; } 2>&1
}

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

@test "up: starts every part, restarts a killed one, and down stops them all" {
  "$ROOT/etherwatch" up >"$BATS_TEST_TMPDIR/up.log" 2>&1 &
  for _ in $(seq 360); do grep -q "Etherwatch is up" "$BATS_TEST_TMPDIR/up.log" && break; sleep 0.5; done
  grep -q "Etherwatch is up" "$BATS_TEST_TMPDIR/up.log" || { cat "$BATS_TEST_TMPDIR/up.log" >&3; false; }
  for port in 18080 18081 18082 18083 18084; do
    curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null
  done
  curl -fs "http://127.0.0.1:14566/moto-api/" >/dev/null

  pkill -9 -f "Dquarkus.http.port=18083"
  for _ in $(seq 120); do grep -q "push-service exited: killed by signal 9" "$BATS_TEST_TMPDIR/up.log" && break; sleep 0.5; done
  grep -q "push-service exited: killed by signal 9; restarting" "$BATS_TEST_TMPDIR/up.log"
  for _ in $(seq 120); do curl -fs http://127.0.0.1:18083/q/health/ready >/dev/null && break; sleep 0.5; done
  curl -fs http://127.0.0.1:18083/q/health/ready >/dev/null

  run "$ROOT/etherwatch" down
  [ "$status" -eq 0 ]
  run -1 pgrep -f "Dquarkus.http.port=1808[0-4]"
  run -1 pgrep -f "$ETHERWATCH_STATE/kafka/server.properties"
  run -1 pgrep -f "moto_server -H 127.0.0.1 -p 14566"
  run -1 pgrep -f "postgres -D $ETHERWATCH_STATE"
}
