#!/usr/bin/env bash
# ./etherwatch bench e2e: the end-to-end canary (issue 15, DESIGN section 10). Starts a stack of its own with
# ./etherwatch up (demo traffic running, its default) or measures one already running (--reuse), writes numbered,
# timestamped events through PutLogEvents and reads them on WebSocket subscriptions to push-service with a token
# from auth-service; reports latency, missing, duplicated and out of order per case, beside the PutLogEvents →
# Kafka time of the same events. Writes bench/results/e2e.json and bench/results/e2e.md.
set -euo pipefail
[[ -n "${ETHERWATCH_TRACE:-}" ]] && set -x

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

usage() {
  cat <<USAGE
Usage: ./etherwatch bench e2e [--reuse] [--duration S] [--groups N] [--streams N] [--rate N]
                              [--quiet S] [--burst-rate N] [--drain S]
       ./etherwatch bench e2e report

  --reuse         measure the stack already running for ETHERWATCH_STATE (default .etherwatch) on the ports of
                  ETHERWATCH_<PART>_PORT (defaults as ./etherwatch up); its admin password from
                  ETHERWATCH_PASSWORD or the state's admin-password. Without it, a stack of its own is started
                  with ./etherwatch up --fresh in ETHERWATCH_BENCH_STATE (default bench/e2e/target/stack) on
                  ETHERWATCH_<PART>_PORT or else ports 39092/39093 (Kafka), 34566 (moto), 35432 (PostgreSQL),
                  38080-38084 (services), and stopped at the end.
  --duration S    seconds of steady writing, cases (a) and (c) (default 180, 30 to 900)
  --groups N      steady groups, case (a) (default 4, 1 to 20)
  --streams N     streams per group, every case (default 2, 1 to 10)
  --rate N        events/s per stream, cases (a) and (c) (default 2, 1 to 100)
  --quiet S       seconds before the burst of case (b) (default two thirds of the duration, 120; 10 to the
                  duration)
  --burst-rate N  events/s per stream in the 10 s burst of case (b) (default 10, 1 to 1000)
  --drain S       longest wait after the last write for events not yet received; what is not received by
                  then counts as missing (default 180, 10 to 600)
  report          only rebuild e2e.md from e2e.json
USAGE
}

BENCH=e2e
# shellcheck source=bench/stack.bash
source "$root/bench/stack.bash"

main() {
  local only=run reuse=0 duration=180 groups=4 streams=2 rate=2 quiet='' burst_rate=10 drain=180
  while (($#)); do
    case "$1" in
      -h | --help)
        usage
        exit 0
        ;;
      report) only=report ;;
      --reuse) reuse=1 ;;
      --duration | --groups | --streams | --rate | --quiet | --burst-rate | --drain)
        [[ $# -ge 2 ]] || die "$1 needs a value (see --help)"
        case "$1" in
          --duration) duration=$(number "$1" "$2" 30 900) ;;
          --groups) groups=$(number "$1" "$2" 1 20) ;;
          --streams) streams=$(number "$1" "$2" 1 10) ;;
          --rate) rate=$(number "$1" "$2" 1 100) ;;
          --quiet) quiet=$(number "$1" "$2" 10 900) ;;
          --burst-rate) burst_rate=$(number "$1" "$2" 1 1000) ;;
          --drain) drain=$(number "$1" "$2" 10 600) ;;
        esac
        shift
        ;;
      *) die "unknown option '$1' (--help lists them)" ;;
    esac
    shift
  done
  [[ -n "$quiet" ]] || quiet=$((duration * 2 / 3))
  ((quiet <= duration)) || die "--quiet ($quiet) must not be longer than --duration ($duration)"
  # One token serves the whole run (auth-service's access tokens last 20 minutes).
  ((duration + drain <= 1020)) || die "--duration plus --drain must be at most 1020 s (the token lasts 20 minutes)"

  ./mvnw -B -ntp -q -f bench/common/pom.xml install -DskipTests
  ./mvnw -B -ntp -q -f bench/e2e/pom.xml package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -DskipTests
  local java=(java -Xmx512m -Detherwatch.root="$root" -Dbench.only="$only"
    -cp "bench/e2e/target/classes:$(cat bench/e2e/target/classpath.txt)")
  if [[ "$only" == report ]]; then
    "${java[@]}" io.etherwatch.bench.e2e.E2eBench
    return 0
  fi

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
  local commit
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [[ -n "$(git status --porcelain -- log-ingest-service push-service auth-service bench 2>/dev/null)" ]]; then
    commit+=" (the services' jars as built in this work tree; it has uncommitted changes)"
  fi
  ETHERWATCH_BENCH_PASSWORD="$password" "${java[@]}" \
    -Dbench.commit="$commit" -Dbench.stack="$stack" \
    -Dbench.moto="http://127.0.0.1:${ETHERWATCH_MOTO_PORT:-4566}" \
    -Dbench.auth="http://127.0.0.1:${ETHERWATCH_AUTH_SERVICE_PORT:-8081}" \
    -Dbench.push-port="${ETHERWATCH_PUSH_SERVICE_PORT:-8083}" \
    -Dbench.ingest="http://127.0.0.1:${ETHERWATCH_LOG_INGEST_SERVICE_PORT:-8084}" \
    -Dbench.kafka="127.0.0.1:${ETHERWATCH_KAFKA_PORT:-9092}" \
    -Dbench.groups="$groups" -Dbench.streams="$streams" -Dbench.rate="$rate" -Dbench.duration="$duration" \
    -Dbench.quiet="$quiet" -Dbench.burst-rate="$burst_rate" -Dbench.drain="$drain" \
    io.etherwatch.bench.e2e.E2eBench
}

main "$@"
