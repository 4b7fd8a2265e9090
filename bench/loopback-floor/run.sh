#!/usr/bin/env bash
# ./etherwatch bench loopback-floor: the kernel's own cost of a push-fanout event on this machine.
# One message to N loopback TCP sockets from C (fanout.c): no JVM, no WebSocket, no Kafka. What
# push-fanout measures can be no faster. About a minute; writes bench/results/loopback-floor.{json,md}.
# Options (environment): RUNS (3, of the two-thread shape), EVENTS (20 per run), MESSAGE_BYTES (400,
# about a push-fanout LOG_EVENTS frame).
set -euo pipefail
[[ -n "${ETHERWATCH_TRACE:-}" ]] && set -x

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/loopback-floor"
results="$root/bench/results"

die() {
  echo "loopback-floor: $*" >&2
  exit 1
}

main() {
  command -v gcc >/dev/null || die "gcc is missing (apt-get install gcc)"
  local subscribers=10000 runs="${RUNS:-3}" events="${EVENTS:-20}" bytes="${MESSAGE_BYTES:-400}"
  # Two processes of 10,000 sockets each, plus the listener.
  local files
  files="$(ulimit -n)"
  [[ $files == unlimited ]] || ((files > subscribers + 100)) \
    || die "open-file limit $files is below $((subscribers + 100))"
  mkdir -p "$here/target"
  gcc -O2 -Wall -pthread -o "$here/target/fanout" "$here/fanout.c"

  local lines=() shape
  # shape: subscribers threads. Two threads: push-service's two event loops and the load
  # generator's two client loops. 100 subscribers: one event of the 100-group shape.
  local shapes=("$subscribers 1") run
  for (( run = 0; run < runs; run++ )); do shapes+=("$subscribers 2"); done
  shapes+=("$subscribers 4" "100 2")
  for shape in "${shapes[@]}"; do
    read -r n threads <<<"$shape"
    lines+=("$("$here/target/fanout" "$n" "$bytes" "$threads" "$events" 500)")
    echo "${lines[-1]}"
  done

  local date machine
  date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r), TCP congestion control $(sysctl -n net.ipv4.tcp_congestion_control 2>/dev/null || echo unknown)"
  {
    echo "{\"benchmark\": \"loopback-floor\", \"date\": \"$date\", \"machine\": \"$machine\", \"runs\": ["
    local i
    for i in "${!lines[@]}"; do
      echo "  ${lines[$i]}$([[ $i -lt $((${#lines[@]} - 1)) ]] && echo ,)"
    done
    echo "]}"
  } >"$results/loopback-floor.json"
  {
    echo "## loopback-floor"
    echo
    echo "Run $date on $machine; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "The kernel's share of a push-fanout event: one $bytes-byte message written with one"
    echo "\`send()\` per socket to N loopback TCP sockets by C threads of one process, read with epoll"
    echo "by threads of another, $events events 0.5 s apart per run; latency is receipt minus the"
    echo "event's start. No JVM, WebSocket framing or Kafka: push-fanout's latency on this machine"
    echo "cannot be lower. \`bench/loopback-floor/run.sh\` reproduces it."
    echo
    echo "| sockets | writer + reader threads | p50 | p99 | max | writing one event to all (mean / max) |"
    echo "|---|---|---|---|---|---|"
    for i in "${!lines[@]}"; do
      python3 -c '
import json, sys
print("| {subscribers} | {threads} + {threads} | {p50Millis} ms | {p99Millis} ms | {maxMillis} ms"
      " | {writeMillisMean} / {writeMillisMax} ms |".format(**json.loads(sys.argv[1])))
' "${lines[$i]}"
    done
  } >"$results/loopback-floor.md"
  echo "results: $results/loopback-floor.md"
}

main "$@"
