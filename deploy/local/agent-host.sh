#!/usr/bin/env bash
# One demo host of `./etherwatch up --agent` (issue 15, item 2): the real host agent in a network namespace of its
# own, joined to this machine by a veth pair, with generated traffic, sending to the stack's moto (group
# etherwatch/<name>, one stream per counter, and Etherwatch/Host metrics).
#
# The namespace gets 10.213.<index>.2/30, this machine's end of the veth 10.213.<index>.1, and a NAT rule of its own
# (nft table ip ew_demo_<moto port>_<index>) sends the agent's connections to 10.213.<index>.1:<moto port> on to
# moto on 127.0.0.1 (route_localnet on that one veth end), so moto stays on loopback. Traffic, every second, from
# this machine to the namespace: TCP connections to the host's service port (its role's: 8080, 27017 or 80), UDP
# datagrams, now and then a connection to the SSH port, and on a --burst host SSH brute-force bursts of 4-5
# attempts/s for 30-90 s (the 2016 report's rate). Runs until SIGTERM/SIGINT, then removes what it made: the
# namespace (the veth pair goes with it), the NAT table, its processes. At the start it removes what a killed
# run of the same name and index left behind.
#
# Usage: agent-host.sh --name NAME --index N --moto-port PORT [--port TCP] [--burst] [--state DIR] [--flush SEC]
#          [--interval SEC] [--burst-every SEC] [--first-burst SEC]
#        agent-host.sh --name NAME --index N --moto-port PORT --cleanup
set -euo pipefail
[ -n "${ETHERWATCH_TRACE:-}" ] && set -x

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
AGENT="$ROOT/host-agent/bin/etherwatch-agent"

NAME=""
INDEX=""
MOTO_PORT=""
SERVICE_PORT=80
BURSTS=0
STATE="${ETHERWATCH_STATE:-$ROOT/.etherwatch}"
FLUSH=5
INTERVAL=5
BURST_EVERY=1200
FIRST_BURST=60
CLEANUP_ONLY=0
TRAFFIC_ONLY=0
CHILDREN=()

die() {
  echo "agent-host: $*" >&2
  exit 1
}

say() {
  printf '%s agent-host %s: %s\n' "$(date +%H:%M:%S)" "$NAME" "$*"
}

# Removes the namespace (with its veth pair and everything running in it) and the NAT table; idempotent.
host_cleanup() {
  local pid
  for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$NS" 2>/dev/null || true
  ip link del "$VETH" 2>/dev/null || true
  nft delete table ip "$TABLE" 2>/dev/null || true
}

# Makes the namespace, the veth pair, the route to this machine and the NAT rule to moto.
host_network() {
  ip netns add "$NS"
  ip link add "$VETH" type veth peer name eth0 netns "$NS"
  ip addr add "$HERE/30" dev "$VETH"
  ip link set "$VETH" up
  # Only this veth end may carry packets to 127.0.0.1, and only the NAT rule sends any there.
  sysctl -qw "net.ipv4.conf.$VETH.route_localnet=1"
  ip -n "$NS" link set lo up
  ip -n "$NS" addr add "$THERE/30" dev eth0
  ip -n "$NS" link set eth0 up
  ip -n "$NS" route add default via "$HERE"
  nft -f - <<EOF
table ip $TABLE {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "$VETH" ip daddr $HERE tcp dport $MOTO_PORT dnat to 127.0.0.1:$MOTO_PORT
  }
}
EOF
}

# Starts the namespace's listeners: a stand-in sshd and the host's service (both read and discard).
host_listeners() {
  local port
  for port in 22 "$SERVICE_PORT"; do
    ip netns exec "$NS" setpriv --pdeathsig TERM nc -lk "$THERE" "$port" >/dev/null 2>&1 &
    CHILDREN+=($!)
  done
}

# One TCP connection from this machine to the namespace that sends the given bytes and closes (arguments: port,
# bytes). bash's /dev/tcp: no process per connection.
traffic_tcp() {
  local fd
  { exec {fd}<>"/dev/tcp/$THERE/$1"; } 2>/dev/null || return 0
  { printf '%*s' "$2" '' 1>&"$fd"; } 2>/dev/null || true
  exec {fd}>&-
}

# One UDP datagram of the given size to the namespace (nothing listens there: it answers with ICMP).
traffic_udp() {
  printf '%*s' "$1" '' >"/dev/udp/$THERE/5353" 2>/dev/null || true
}

# One SSH-port attempt, as a scanner makes it: connect, send a client banner, close.
traffic_ssh() {
  local fd
  { exec {fd}<>"/dev/tcp/$THERE/22"; } 2>/dev/null || return 0
  { printf 'SSH-2.0-libssh_0.9.6\r\n' 1>&"$fd"; } 2>/dev/null || true
  exec {fd}>&-
}

# The traffic generator: every second some TCP connections and UDP datagrams, an SSH attempt now and then, and on a
# --burst host a burst of 4-5 attempts/s for 30-90 s first after --first-burst s, then about every --burst-every s.
traffic_loop() {
  local now burst_start burst_end=0 rate i n
  burst_start=$((EPOCHSECONDS + FIRST_BURST))
  trap 'exit 0' TERM INT
  while :; do
    now=$EPOCHSECONDS
    n=$((1 + RANDOM % 3))
    for ((i = 0; i < n; i++)); do traffic_tcp "$SERVICE_PORT" $((400 + RANDOM % 2000)); done
    n=$((RANDOM % 3))
    for ((i = 0; i < n; i++)); do traffic_udp $((60 + RANDOM % 120)); done
    [ $((RANDOM % 10)) -eq 0 ] && traffic_ssh
    if [ "$BURSTS" -eq 1 ]; then
      if [ "$now" -ge "$burst_start" ] && [ "$burst_end" -eq 0 ]; then
        burst_end=$((now + 30 + RANDOM % 61))
        say "SSH brute-force burst until $(date -d "@$burst_end" +%H:%M:%S)"
      fi
      if [ "$burst_end" -gt 0 ]; then
        rate=$((4 + RANDOM % 2))
        for ((i = 0; i < rate; i++)); do traffic_ssh; done
        if [ "$now" -ge "$burst_end" ]; then
          # The next burst: an exponential wait with mean --burst-every (at least a minute).
          burst_start=$((now + 60 + $(awk -v m="$BURST_EVERY" -v r="$RANDOM" 'BEGIN { srand(r); printf "%d", -m * log(1 - rand()) }')))
          burst_end=0
        fi
      fi
    fi
    sleep 1
  done
}

host_stop() {
  trap - TERM INT EXIT
  local pid
  # The agent first, so that it sends what it holds (its last round) before the network goes.
  [ -n "${AGENT_PID:-}" ] && kill -TERM "$AGENT_PID" 2>/dev/null && wait "$AGENT_PID" 2>/dev/null
  for pid in "${CHILDREN[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${CHILDREN[@]}"; do wait "$pid" 2>/dev/null || true; done
  host_cleanup
  say "stopped; namespace $NS, veth $VETH and table $TABLE removed"
  exit 0
}

main() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --name) NAME=${2:?--name needs a host name} && shift ;;
      --index) INDEX=${2:?--index needs a number} && shift ;;
      --moto-port) MOTO_PORT=${2:?--moto-port needs a port} && shift ;;
      --port) SERVICE_PORT=${2:?--port needs a port} && shift ;;
      --burst) BURSTS=1 ;;
      --state) STATE=${2:?--state needs a folder} && shift ;;
      --flush) FLUSH=${2:?--flush needs seconds} && shift ;;
      --interval) INTERVAL=${2:?--interval needs seconds} && shift ;;
      --burst-every) BURST_EVERY=${2:?--burst-every needs seconds} && shift ;;
      --first-burst) FIRST_BURST=${2:?--first-burst needs seconds} && shift ;;
      --cleanup) CLEANUP_ONLY=1 ;;
      --traffic) TRAFFIC_ONLY=1 ;; # internal: the traffic generator, a process of its own
      -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' && return 0 ;;
      *) die "unknown option $1 (see --help)" ;;
    esac
    shift
  done
  [[ "$NAME" =~ ^[A-Za-z0-9-]+$ ]] || die "--name must be letters, digits and '-'"
  if ! [[ "$INDEX" =~ ^[0-9]+$ ]] || [ "$INDEX" -lt 1 ] || [ "$INDEX" -gt 254 ]; then die "--index must be 1-254"; fi
  [[ "$MOTO_PORT" =~ ^[0-9]+$ ]] || die "--moto-port must be a port number"
  [ "$(id -u)" -eq 0 ] || die "needs root (it makes a network namespace)"
  NS="ew$MOTO_PORT-$NAME"
  VETH="ewd${MOTO_PORT}h$INDEX"
  TABLE="ew_demo_${MOTO_PORT}_$INDEX"
  HERE="10.213.$INDEX.1"
  THERE="10.213.$INDEX.2"
  if [ "$TRAFFIC_ONLY" -eq 1 ]; then
    traffic_loop
    return 0
  fi
  host_cleanup
  [ "$CLEANUP_ONLY" -eq 1 ] && return 0

  trap host_stop TERM INT
  trap 'host_cleanup' EXIT
  host_network
  host_listeners
  ip netns exec "$NS" "$AGENT" install
  mkdir -p "$STATE/agents/$NAME"
  # Every child gets SIGTERM when this script dies, even by SIGKILL (setpriv --pdeathsig); the namespace, veth and
  # table it leaves then go at the next start of the same host, or with --cleanup.
  ip netns exec "$NS" setpriv --pdeathsig TERM env AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test "$AGENT" --host "$NAME" --aws \
    --region us-east-1 --endpoint-url "http://$HERE:$MOTO_PORT" --interval "$INTERVAL" --flush "$FLUSH" \
    --log-dir "$STATE/agents/$NAME" run &
  AGENT_PID=$!
  local burst=()
  [ "$BURSTS" -eq 1 ] && burst=(--burst)
  setpriv --pdeathsig TERM "$0" --traffic --name "$NAME" --index "$INDEX" --moto-port "$MOTO_PORT" \
    --port "$SERVICE_PORT" --first-burst "$FIRST_BURST" --burst-every "$BURST_EVERY" "${burst[@]}" &
  CHILDREN+=($!)
  say "agent pid $AGENT_PID in namespace $NS ($THERE), sending to moto through $HERE:$MOTO_PORT every ${FLUSH}s"
  local code=0
  wait "$AGENT_PID" || code=$?
  # The agent ended by itself (not by our SIGTERM, which runs host_stop): clean up and let the supervisor restart us.
  say "the agent exited with code $code"
  AGENT_PID=""
  host_stop
}

main "$@"
