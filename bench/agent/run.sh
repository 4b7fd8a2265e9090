#!/usr/bin/env bash
# ./etherwatch bench agent: the host agent's own CPU at its 5-second interval with CloudWatch sending on (issue 18,
# goal: at most 1 % of one core, the budget of a t2.micro). As root, in a network namespace of its own with a moto
# server in it and a trickle of TCP and UDP traffic, three agents run side by side for --minutes:
#   - `run --aws` at the defaults (one PutLogEvents per stream and one PutMetricData per minute, through curl);
#   - `run --aws --flush 0` (sending after every sample);
#   - `run` without --aws (the sampling and the log files alone: the floor of the two above);
# and, before them, for --reference-minutes, the agent as it was with the AWS CLI (commit 1a58dca, 13 `aws` calls
# per sample). CPU is utime + stime of the agent and of its reaped children (cutime + cstime) from /proc/<pid>/stat,
# between the end of a 15-second warm-up and the end of the window. Writes bench/results/agent.{json,md}.
# Options: --minutes N (10), --reference-minutes N (1; 0 skips the AWS-CLI reference), --interval SEC (5).
set -euo pipefail
[ -n "${ETHERWATCH_TRACE:-}" ] && set -x

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
AGENT="$ROOT/host-agent/bin/etherwatch-agent"
VENV="${ETHERWATCH_VENV:-$ROOT/.venv}"
RESULTS="$ROOT/bench/results"
WORK="$ROOT/bench/agent/target"
REFERENCE_COMMIT=1a58dca
NS="ewbench-$$"
MOTO_URL=http://127.0.0.1:5000
WARMUP=15

die() {
  echo "bench agent: $*" >&2
  exit 1
}

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# Removes the namespace and everything running in it.
cleanup() {
  local pid
  disown -a # no "Killed" notices for the namespace's processes
  for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$NS" 2>/dev/null || true
}

in_ns() {
  ip netns exec "$NS" "$@"
}

# Prints the CPU seconds (3 decimals) a process and its reaped children used so far (arguments: pid).
cpu_seconds() {
  local fields ticks
  ticks=$(getconf CLK_TCK)
  # The fields after the command name (which may hold spaces): utime is the 14th of the line, the 12th after it.
  fields=$(sed 's/^.*) //' "/proc/$1/stat")
  awk -v t="$ticks" '{ printf "%.3f", ($12 + $13 + $14 + $15) / t }' <<<"$fields"
}

# Starts the namespace, moto in it and the traffic (UDP every 0.2 s, a TCP connection every 2 s, on loopback).
setup_ns() {
  ip netns add "$NS"
  in_ns ip link set lo up
  ip netns exec "$NS" "$VENV/bin/moto_server" -H 127.0.0.1 -p 5000 >"$WORK/moto.log" 2>&1 &
  for _ in $(seq 150); do
    in_ns curl -fs "$MOTO_URL/moto-api/" >/dev/null && break
    sleep 0.2
  done
  in_ns curl -fs "$MOTO_URL/moto-api/" >/dev/null || die "moto did not start; see $WORK/moto.log"
  in_ns "$AGENT" install
  # shellcheck disable=SC2016 # expanded by the namespace's own bash
  ip netns exec "$NS" bash -c 'while :; do printf x >/dev/udp/127.0.0.1/5353; sleep 0.2; done' 2>/dev/null &
  ip netns exec "$NS" bash -c 'while :; do nc -l 127.0.0.1 2222 >/dev/null; done' &
  # shellcheck disable=SC2016
  ip netns exec "$NS" bash -c 'while :; do head -c 20000 /dev/zero | nc -N 127.0.0.1 2222 2>/dev/null; sleep 2; done' &
}

# Runs agents side by side for a window and prints one JSON object per agent (arguments: seconds, then
# "name|agent path|arguments" specs).
measure() {
  local seconds=$1 spec name path args i
  shift
  local -a names=() pids=() start=() first=()
  for spec in "$@"; do
    IFS='|' read -r name path args <<<"$spec"
    mkdir -p "$WORK/$name"
    # shellcheck disable=SC2086 # the arguments are words
    ip netns exec "$NS" env AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 \
      PATH="$VENV/bin:$PATH" "$path" --host "bench-$name" --log-dir "$WORK/$name" $args run \
      >"$WORK/$name.out" 2>&1 &
    names+=("$name")
    pids+=($!)
  done
  sleep "$WARMUP"
  for i in "${!pids[@]}"; do
    start+=("$(cpu_seconds "${pids[$i]}")")
    first+=("$(samples "${names[$i]}")")
  done
  local began=$EPOCHREALTIME
  sleep "$seconds"
  local -a end=() last=()
  for i in "${!pids[@]}"; do
    end+=("$(cpu_seconds "${pids[$i]}")")
    last+=("$(samples "${names[$i]}")")
  done
  local wall
  wall=$(awk -v a="$began" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  for i in "${!pids[@]}"; do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || true
    awk -v n="${names[$i]}" -v a="${start[$i]}" -v b="${end[$i]}" -v w="$wall" -v s=$((${last[$i]} - ${first[$i]})) \
      'BEGIN { printf "{\"agent\": \"%s\", \"wallSeconds\": %s, \"cpuSeconds\": %.2f, \"percentOfOneCore\": %.3f, \"samples\": %d}\n", n, w, b - a, (b - a) / w * 100, s }'
  done
}

# Prints how many samples an agent has logged so far (arguments: agent name).
samples() {
  if [ -f "$WORK/$1/total.log" ]; then wc -l <"$WORK/$1/total.log"; else echo 0; fi
}

# Prints how many events of a stream moto holds (arguments: host name, stream).
moto_count() {
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test in_ns "$VENV/bin/aws" --endpoint-url "$MOTO_URL" --region us-east-1 \
    logs get-log-events --start-from-head --log-group-name "etherwatch/$1" --log-stream-name "$2" \
    --query 'length(events)' --output text 2>/dev/null || echo 0
}

main() {
  local minutes=10 reference=1 interval=5
  while [ $# -gt 0 ]; do
    case "$1" in
      --minutes) minutes=${2:?--minutes needs a number} && shift ;;
      --reference-minutes) reference=${2:?--reference-minutes needs a number} && shift ;;
      --interval) interval=${2:?--interval needs seconds} && shift ;;
      -h | --help) usage && return 0 ;;
      *) die "unknown option $1 (see --help)" ;;
    esac
    shift
  done
  [[ "$minutes" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--minutes must be a number, not '$minutes'"
  [[ "$reference" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--reference-minutes must be a number, not '$reference'"
  [ "$(id -u)" -eq 0 ] || die "needs root (it makes a network namespace)"
  [ -x "$VENV/bin/moto_server" ] || die "moto is missing: ./etherwatch bench agent installs it"
  rm -rf "$WORK"
  mkdir -p "$WORK" "$RESULTS"
  trap cleanup EXIT
  setup_ns
  local load_start
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)

  local lines=()
  if [ "$reference" != 0 ]; then
    git -C "$ROOT" show "$REFERENCE_COMMIT:host-agent/bin/etherwatch-agent" >"$WORK/etherwatch-agent-awscli"
    chmod +x "$WORK/etherwatch-agent-awscli"
    echo "bench agent: the AWS-CLI agent ($REFERENCE_COMMIT) for $reference min"
    mapfile -t -O "${#lines[@]}" lines < <(measure "$(awk -v m="$reference" 'BEGIN { print int(m * 60) }')" \
      "aws-cli|$WORK/etherwatch-agent-awscli|--aws --endpoint-url $MOTO_URL --interval $interval")
  fi
  echo "bench agent: curl batched, curl every sample and sampling alone, side by side for $minutes min"
  mapfile -t -O "${#lines[@]}" lines < <(measure "$(awk -v m="$minutes" 'BEGIN { print int(m * 60) }')" \
    "curl-batched|$AGENT|--aws --endpoint-url $MOTO_URL --interval $interval" \
    "curl-every-sample|$AGENT|--aws --endpoint-url $MOTO_URL --interval $interval --flush 0" \
    "sampling-only|$AGENT|--interval $interval")
  printf '%s\n' "${lines[@]}"

  # Did the batched agent deliver? Its log file against moto's stream (after its last flush at SIGTERM).
  local logged delivered
  logged=$(wc -l <"$WORK/curl-batched/total.log")
  delivered=$(moto_count bench-curl-batched total)

  local date machine
  date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r), bash ${BASH_VERSION%%(*}, $(curl --version | head -n1 | cut -d' ' -f1-2), $(iptables --version)"
  local load_end
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)
  {
    echo "{\"benchmark\": \"agent\", \"date\": \"$date\", \"machine\": \"$machine\", \"intervalSeconds\": $interval,"
    echo " \"loadAverageStart\": \"$load_start\", \"loadAverageEnd\": \"$load_end\","
    echo " \"batchedLinesLogged\": $logged, \"batchedLinesInMoto\": $delivered, \"agents\": ["
    local i
    for i in "${!lines[@]}"; do
      echo "  ${lines[$i]}$([ "$i" -lt $((${#lines[@]} - 1)) ] && echo ,)"
    done
    echo "]}"
  } >"$RESULTS/agent.json"
  {
    echo "## agent"
    echo
    echo "Run $date on $machine; load average $load_start at the start, $load_end at the end."
    echo
    echo "The host agent's own CPU (utime + stime of the agent and its reaped children, \`/proc/<pid>/stat\`) at a"
    echo "$interval-second interval with light TCP/UDP traffic, in a network namespace with moto as CloudWatch. The three"
    echo "curl/sampling agents ran side by side for $minutes min; the AWS-CLI agent (commit $REFERENCE_COMMIT: 12"
    echo "\`aws logs put-log-events\` and one \`aws cloudwatch put-metric-data\` per sample) before them for $reference min."
    echo "Goal (issue 18): at most 1 % of one core with CloudWatch sending on. The batched agent's \`total\` stream:"
    echo "$logged lines logged, $delivered in moto. The AWS-CLI figure is a floor: it counts only the \`aws\` processes"
    echo "that had ended, and a 0 in its samples means it had not finished one sample (creating the group and 12 streams,"
    echo "then 13 calls) by the end of its window. \`./etherwatch bench agent [--minutes N]\` reproduces it."
    echo
    echo "| agent | CloudWatch | window | CPU | % of one core | samples in the window |"
    echo "|---|---|---|---|---|---|"
    for i in "${!lines[@]}"; do
      python3 -c '
import json, sys
r = json.loads(sys.argv[1])
how = {"aws-cli": "AWS CLI, 13 calls per sample", "curl-batched": "curl, one round a minute (default --flush 60)",
       "curl-every-sample": "curl, one round per sample (--flush 0)", "sampling-only": "off (sampling and log files)"}
print("| {agent} | {how} | {wallSeconds} s | {cpuSeconds:.2f} s | {percentOfOneCore:.2f} % | {samples} |".format(
      how=how.get(r["agent"], ""), **r))
' "${lines[$i]}"
    done
  } >"$RESULTS/agent.md"
  echo "results: $RESULTS/agent.md"
}

main "$@"
