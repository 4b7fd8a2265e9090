# shellcheck shell=bash
# Test hosts for the agent: two network namespaces joined by a veth pair, made and removed by each test.
# Host A (10.231.0.1) runs the agent; host B (10.231.0.2) sends it traffic.

AGENT="$BATS_TEST_DIRNAME/../bin/etherwatch-agent"
A_ADDR=10.231.0.1
B_ADDR=10.231.0.2

# Creates the namespaces NS_A and NS_B, named after this test run.
ns_create() {
  NS_A="ewa-$BATS_SUITE_TEST_NUMBER-$$"
  NS_B="ewb-$BATS_SUITE_TEST_NUMBER-$$"
  ip netns add "$NS_A"
  ip netns add "$NS_B"
  ip link add "veth-a$$" netns "$NS_A" type veth peer name "veth-b$$" netns "$NS_B"
  ip -n "$NS_A" addr add "$A_ADDR/30" dev "veth-a$$"
  ip -n "$NS_B" addr add "$B_ADDR/30" dev "veth-b$$"
  ip -n "$NS_A" link set "veth-a$$" up
  ip -n "$NS_B" link set "veth-b$$" up
  ip -n "$NS_A" link set lo up
  ip -n "$NS_B" link set lo up
}

ns_destroy() {
  # Killing every process of the namespaces first lets them go.
  local ns pid
  for ns in "${NS_A:-}" "${NS_B:-}"; do
    [ -n "$ns" ] || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  # Reaped here, a killed moto gives no "Killed" notice in the test output.
  if [ -n "${MOTO_PID:-}" ]; then { wait "$MOTO_PID"; } 2>/dev/null || true; fi
}

# Runs a command on host A (arguments: the command line).
on_a() {
  ip netns exec "$NS_A" "$@"
}

on_b() {
  ip netns exec "$NS_B" "$@"
}

agent() {
  on_a "$AGENT" "$@"
}

# The value of a counter's field in a sample (arguments: sample text, counter, 2 = packets or 3 = bytes).
field() {
  awk -v c="$2" -v f="$3" '$1 == c { print $f }' <<<"$1"
}

# Sends $1 bytes from B to A's TCP port $2 and waits until A has read them all.
send_tcp() {
  local bytes=$1 port=$2
  on_a sh -c "nc -l $A_ADDR $port >/dev/null" &
  local listener=$!
  wait_port "$port"
  head -c "$bytes" /dev/zero | on_b nc -N "$A_ADDR" "$port"
  wait "$listener"
}

# Sends $1 UDP datagrams of $2 bytes from B to A's port $3 (bash's /dev/udp: one write, one datagram).
send_udp() {
  # shellcheck disable=SC2016 # the script expands its own arguments, inside host B
  on_b bash -c 'payload=$(head -c "$2" /dev/zero | tr "\0" x)
    for ((i = 0; i < $1; i++)); do printf %s "$payload" >"/dev/udp/$4/$3"; done' _ "$1" "$2" "$3" "$A_ADDR"
}

# Waits until something listens on A's TCP port $1.
wait_port() {
  for _ in $(seq 50); do
    on_a ss -ltnH "sport = :$1" | grep -q . && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1 of $NS_A" >&2
  return 1
}

# Prints the rules of host A without counters, for before/after comparisons (arguments: backend).
ruleset() {
  case "$1" in
    nft) on_a nft list ruleset ;;
    *) on_a "$1-save" | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//' ;;
  esac
}

# Gives host A some rules of its own that the agent must leave alone (arguments: backend).
own_rules() {
  case "$1" in
    nft)
      on_a nft add table inet site
      on_a nft add chain inet site input '{ type filter hook input priority 0; policy accept; }'
      on_a nft add rule inet site input icmp type echo-request accept
      ;;
    *)
      on_a "$1" -A INPUT -p icmp -j ACCEPT
      on_a "$1" -N SITE-OUT
      on_a "$1" -A SITE-OUT -p tcp --dport 443 -j ACCEPT
      on_a "$1" -A OUTPUT -j SITE-OUT
      ;;
  esac
}

# Runs a command and keeps only its standard error (arguments: the command line).
stderr_of() {
  { "$@" >/dev/null; } 2>&1
}

MOTO_URL=http://127.0.0.1:5000

# Starts a moto server inside host A on port 5000 and waits until it answers; MOTO_PID is its pid.
# shellcheck disable=SC2034 # MOTO_PID is read by the tests
moto_start() {
  local moto="$BATS_TEST_DIRNAME/../../.venv/bin/moto_server"
  [ -x "$moto" ] || {
    echo "moto is not installed: run ./etherwatch test, which installs it" >&2
    return 1
  }
  # Not through on_a: a function in the background is a subshell, and MOTO_PID must be moto's own pid.
  ip netns exec "$NS_A" "$moto" -H 127.0.0.1 -p 5000 >>"$BATS_TEST_TMPDIR/moto.log" 2>&1 &
  MOTO_PID=$!
  for _ in $(seq 150); do
    on_a curl -fs "$MOTO_URL/moto-api/" >/dev/null && return 0
    sleep 0.2
  done
  echo "moto did not start; see $BATS_TEST_TMPDIR/moto.log" >&2
  return 1
}

# Prints a stream's events in moto as "<epoch ms> <message>", oldest first (arguments: group, stream).
moto_events() {
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test on_a "$BATS_TEST_DIRNAME/../../.venv/bin/aws" \
    --endpoint-url "$MOTO_URL" --region us-east-1 logs get-log-events --start-from-head --log-group-name "$1" \
    --log-stream-name "$2" --query 'events[].[timestamp,message]' --output text 2>/dev/null | tr '\t' ' '
}

# Prints a counter's log file as the events the agent sends for it (arguments: log folder, counter).
logged_events() {
  awk -v c="$2" '{ printf "%s %s packets=%s bytes=%s\n", $1, c, $2, $3 }' "$1/$2.log"
}

# Puts shims for curl and aws first on the PATH that record their calls in $BATS_TEST_TMPDIR/calls (curl's
# request config included) and run the real curl; aws only records. Prints the new PATH.
record_calls() {
  local bin="$BATS_TEST_TMPDIR/bin"
  mkdir -p "$bin"
  cat >"$bin/curl" <<SHIM
#!/usr/bin/env bash
echo "curl \$*" >>"$BATS_TEST_TMPDIR/calls"
[ "\${1:-}" = -K ] && cat "\$2" >>"$BATS_TEST_TMPDIR/calls"
exec $(command -v curl) "\$@"
SHIM
  cat >"$bin/aws" <<SHIM
#!/usr/bin/env bash
echo "aws \$*" >>"$BATS_TEST_TMPDIR/calls"
exit 1
SHIM
  chmod +x "$bin/curl" "$bin/aws"
  echo "$bin:$PATH"
}
