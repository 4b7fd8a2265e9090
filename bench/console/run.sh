#!/usr/bin/env bash
# ./etherwatch bench console: the web console in headless Debian Chromium (issue 16, DESIGN section 11). Starts a stack
# of its own with ./etherwatch up (or measures one already running, --reuse), then measures the instances screen's
# paint (cold and warm cache) and the live tail fed straight into its group's Kafka topic at --rate events/s for
# --seconds, beside a baseline of the same page at 0 events/s. Writes bench/results/console.json and console.md.
set -euo pipefail
[[ -n "${ETHERWATCH_TRACE:-}" ]] && set -x

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

usage() {
  cat <<USAGE
Usage: ./etherwatch bench console [--reuse] [--seconds S] [--rate N] [--baseline S] [--reps N]
       ./etherwatch bench console report

  --reuse         measure the stack already running for ETHERWATCH_STATE (default .etherwatch) on the ports of
                  ETHERWATCH_<PART>_PORT (defaults as ./etherwatch up); its admin password from
                  ETHERWATCH_PASSWORD or the state's admin-password. Without it, a stack of its own is started
                  with ./etherwatch up --fresh in ETHERWATCH_BENCH_STATE (default bench/console/target/stack) on
                  ETHERWATCH_<PART>_PORT or else ports 39092/39093 (Kafka), 34566 (moto), 35432 (PostgreSQL),
                  38080-38084 (services), and stopped at the end.
  --seconds S     seconds of feeding the live tail (default 60, 5 to 900)
  --rate N        events/s into the one view (default 2000, 1 to 20000)
  --baseline S    seconds of the same page at 0 events/s before, the reference (default 10, 3 to 300)
  --reps N        instances screen loads, each cold and then warm (default 10, 1 to 100)
  report          only rebuild console.md from console.json

  ETHERWATCH_BENCH_RESULTS  the results folder (default bench/results); CHROMIUM the browser (/usr/bin/chromium)
USAGE
}

BENCH=console
# shellcheck source=bench/stack.bash
source "$root/bench/stack.bash"

main() {
  local only=run reuse=0 seconds=60 rate=2000 baseline=10 reps=10
  while (($#)); do
    case "$1" in
      -h | --help)
        usage
        exit 0
        ;;
      report) only=report ;;
      --reuse) reuse=1 ;;
      --seconds | --rate | --baseline | --reps)
        [[ $# -ge 2 ]] || die "$1 needs a value (see --help)"
        case "$1" in
          --seconds) seconds=$(number "$1" "$2" 5 900) ;;
          --rate) rate=$(number "$1" "$2" 1 20000) ;;
          --baseline) baseline=$(number "$1" "$2" 3 300) ;;
          --reps) reps=$(number "$1" "$2" 1 100) ;;
        esac
        shift
        ;;
      *) die "unknown option '$1' (--help lists them)" ;;
    esac
    shift
  done
  local results="${ETHERWATCH_BENCH_RESULTS:-$root/bench/results}"
  if [[ "$only" == report ]]; then
    node bench/console/report.mjs "$results"
    return 0
  fi
  local browser_tests="web-console/src/test/browser"
  [[ -d "$browser_tests/node_modules/playwright-core" ]] || (cd "$browser_tests" && npm ci --no-audit --no-fund)
  local chromium="${CHROMIUM:-/usr/bin/chromium}"
  [[ -x "$chromium" ]] || die "no Chromium at $chromium (./etherwatch setup installs Debian's)"
  [[ -d deploy/local/kafka-broker/target/libs ]] || die "no Kafka jars in deploy/local/kafka-broker/target/libs (build first)"

  local stack password
  if ((reuse)); then
    export ETHERWATCH_STATE="${ETHERWATCH_STATE:-$root/.etherwatch}"
    if ! { [[ -f "$ETHERWATCH_STATE/up.pid" ]] && kill -0 "$(cat "$ETHERWATCH_STATE/up.pid")" 2>/dev/null; }; then
      die "--reuse: no stack is running for $ETHERWATCH_STATE (start one with ./etherwatch up)"
    fi
    stack="reused (./etherwatch up, state $ETHERWATCH_STATE)"
    password="${ETHERWATCH_PASSWORD:-$(cat "$ETHERWATCH_STATE/admin-password" 2>/dev/null || true)}"
    [[ -n "$password" ]] || die "--reuse: set ETHERWATCH_PASSWORD to the admin's password"
  else
    start_stack
    stack="its own (./etherwatch up --fresh, demo traffic on)"
    password="$(cat "$ETHERWATCH_STATE/admin-password")"
  fi
  local commit machine
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [[ -n "$(git status --porcelain -- web-console push-service bench/console 2>/dev/null)" ]]; then
    commit+=" (the services as built in this work tree; it has uncommitted changes)"
  fi
  machine="$(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)),"
  machine+=" $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) memory, $(uname -sr)"
  mkdir -p "$results" bench/console/target
  local raw=bench/console/target/console.json
  CONSOLE_URL="http://127.0.0.1:${ETHERWATCH_WEB_CONSOLE_PORT:-8080}" CONSOLE_PASSWORD="$password" \
    KAFKA_BOOTSTRAP="127.0.0.1:${ETHERWATCH_KAFKA_PORT:-9092}" \
    AWS_ENDPOINT="http://127.0.0.1:${ETHERWATCH_MOTO_PORT:-4566}" CHROMIUM="$chromium" \
    BENCH_RATE="$rate" BENCH_SECONDS="$seconds" BENCH_BASELINE="$baseline" BENCH_REPS="$reps" \
    node bench/console/console-bench.mjs >"$raw"
  BENCH_COMMIT="$commit" BENCH_STACK="$stack" BENCH_MACHINE="$machine" node -e '
    const fs = require("node:fs");
    const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const e = process.env;
    const out = { commit: e.BENCH_COMMIT, stack: e.BENCH_STACK, machine: e.BENCH_MACHINE, date: new Date().toISOString(), ...r };
    fs.writeFileSync(process.argv[2], JSON.stringify(out, null, 2) + "\n");
  ' "$raw" "$results/console.json"
  node bench/console/report.mjs "$results"
  echo "bench/console: wrote $results/console.json and $results/console.md"
  cat "$results/console.md"
}

main "$@"
