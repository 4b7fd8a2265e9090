#!/usr/bin/env bats
# deploy/local/agent-host.sh, the piece of `./etherwatch up --agent` that runs one demo host: the real host agent in
# a network namespace with generated traffic, sending to a moto on this machine's loopback. As root.

bats_require_minimum_version 1.5.0

setup() {
  [ "$(id -u)" -eq 0 ] || {
    echo "these tests make network namespaces: run them as root" >&2
    return 1
  }
  ROOT=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
  HOST_SCRIPT="$ROOT/deploy/local/agent-host.sh"
  VENV="${ETHERWATCH_VENV:-$ROOT/.venv}"
  NAME=BatsHost
  INDEX=201
}

teardown() {
  if [ -n "${RUNNER:-}" ]; then
    kill -TERM "$RUNNER" 2>/dev/null || true
    wait "$RUNNER" 2>/dev/null || true
  fi
  if [ -n "${MOTO_PORT:-}" ]; then "$HOST_SCRIPT" --name "$NAME" --index "$INDEX" --moto-port "$MOTO_PORT" --cleanup || true; fi
  if [ -n "${MOTO:-}" ]; then kill "$MOTO" 2>/dev/null || true; fi
}

# Starts moto on a free loopback port, as the stack runs it (sets MOTO and MOTO_PORT).
start_moto() {
  local port
  for port in $(shuf -i 40000-49999 -n 20); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    MOTO_PORT=$port
    break
  done
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$BATS_TEST_TMPDIR/moto.log" 2>&1 &
  MOTO=$!
  for _ in $(seq 150); do
    curl -fs "http://127.0.0.1:$MOTO_PORT/moto-api/" >/dev/null && return 0
    sleep 0.2
  done
  echo "moto did not start; see $BATS_TEST_TMPDIR/moto.log" >&2
  return 1
}

# Prints a stream's events in moto as "<epoch ms> <message>", oldest first (arguments: stream).
events() {
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test "$VENV/bin/aws" --endpoint-url "http://127.0.0.1:$MOTO_PORT" \
    --region us-east-1 logs get-log-events --start-from-head --log-group-name "etherwatch/$NAME" \
    --log-stream-name "$1" --query 'events[].[timestamp,message]' --output text 2>/dev/null | tr '\t' ' '
}

# The sum of a counter's bytes in moto (arguments: stream).
bytes_in_moto() {
  events "$1" | sed -n 's/.* bytes=\([0-9]*\)$/\1/p' | awk '{ s += $1 } END { print s + 0 }'
}

# Fails when anything of the host is left: namespace, veth, NAT table, a process sending to its address.
nothing_left() {
  run ! ip netns pids "ew$MOTO_PORT-$NAME"
  [ -z "$(ip netns list | grep -F "ew$MOTO_PORT-$NAME" || true)" ]
  run ! ip link show "ewd${MOTO_PORT}h$INDEX"
  run ! nft list table ip "ew_demo_${MOTO_PORT}_$INDEX"
  # Killed processes take a moment to be gone.
  for _ in $(seq 50); do
    pgrep -f -- "--moto-port $MOTO_PORT" >/dev/null || pgrep -f "10\.213\.$INDEX\." >/dev/null || break
    sleep 0.2
  done
  run ! pgrep -f -- "--moto-port $MOTO_PORT"
  run ! pgrep -f "10\.213\.$INDEX\."
}

@test "agent-host: the agent's lines arrive from its namespace; SIGTERM leaves no namespace, veth, rule or process" {
  start_moto
  "$HOST_SCRIPT" --name "$NAME" --index "$INDEX" --moto-port "$MOTO_PORT" --state "$BATS_TEST_TMPDIR/state" \
    --burst --first-burst 0 --interval 1 --flush 1 >"$BATS_TEST_TMPDIR/host.log" 2>&1 &
  RUNNER=$!
  # TCP to the service port, UDP, and SSH attempts (a burst from the start) all reach the agent's counters.
  for _ in $(seq 150); do
    [ "$(bytes_in_moto ssh-in)" -gt 0 ] && [ "$(bytes_in_moto tcp-in)" -gt 0 ] && [ "$(bytes_in_moto udp-in)" -gt 0 ] && break
    sleep 0.5
  done
  [ "$(bytes_in_moto ssh-in)" -gt 0 ]
  [ "$(bytes_in_moto tcp-in)" -gt "$(bytes_in_moto ssh-in)" ]
  [ "$(bytes_in_moto udp-in)" -gt 0 ]
  grep -q "SSH brute-force burst" "$BATS_TEST_TMPDIR/host.log"
  kill -TERM "$RUNNER"
  wait "$RUNNER"
  RUNNER=""
  grep -q "removed" "$BATS_TEST_TMPDIR/host.log"
  nothing_left
  # The agent sent what it held before its network went: its log file and moto agree, line for line.
  [ "$(events total)" = "$(awk '{ printf "%s total packets=%s bytes=%s\n", $1, $2, $3 }' "$BATS_TEST_TMPDIR/state/agents/$NAME/total.log")" ]
}

@test "agent-host: a killed run's children stop with it, and --cleanup removes what it left" {
  start_moto
  "$HOST_SCRIPT" --name "$NAME" --index "$INDEX" --moto-port "$MOTO_PORT" --state "$BATS_TEST_TMPDIR/state" \
    --interval 1 --flush 1 >"$BATS_TEST_TMPDIR/host.log" 2>&1 &
  RUNNER=$!
  for _ in $(seq 100); do
    [ -s "$BATS_TEST_TMPDIR/state/agents/$NAME/total.log" ] && break
    sleep 0.2
  done
  [ -s "$BATS_TEST_TMPDIR/state/agents/$NAME/total.log" ]
  kill -9 "$RUNNER"
  wait "$RUNNER" || true
  RUNNER=""
  # The namespace outlives a SIGKILL; its processes and the traffic generator do not (setpriv --pdeathsig).
  ip netns list | grep -qF "ew$MOTO_PORT-$NAME"
  for _ in $(seq 50); do
    pgrep -f "10\.213\.$INDEX\." >/dev/null || break
    sleep 0.2
  done
  run ! pgrep -f "10\.213\.$INDEX\."
  "$HOST_SCRIPT" --name "$NAME" --index "$INDEX" --moto-port "$MOTO_PORT" --cleanup
  nothing_left
}

@test "up --agent: without root it fails with one clear line" {
  run setpriv --reuid nobody --regid nogroup --clear-groups env ETHERWATCH_STATE=/nonexistent "$ROOT/etherwatch" up --agent
  [ "$status" -eq 1 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == "etherwatch: up --agent needs root"* ]]
}
