# shellcheck shell=bash
# What the benchmarks that run against a whole stack share (bench/e2e, bench/console): option checks and a stack of
# their own on ports apart from the defaults. Sourced by a run.sh that has set BENCH (its name) and root (the repo).

die() {
  printf 'bench/%s: %s\n' "$BENCH" "$*" >&2
  exit 2
}

# An integer option's value within [min, max] (arguments: name, value, min, max).
number() {
  [[ "$2" =~ ^[0-9]+$ ]] || die "$1 needs a whole number, got '$2' (see --help)"
  ((10#$2 >= $3 && 10#$2 <= $4)) || die "$1 must be between $3 and $4, got $2"
  echo $((10#$2))
}

# Starts ./etherwatch up --fresh for the run and waits for its banner; sets up_pid and stops the stack on exit.
start_stack() {
  export ETHERWATCH_STATE="${ETHERWATCH_BENCH_STATE:-$root/bench/$BENCH/target/stack}"
  : "${ETHERWATCH_KAFKA_PORT:=39092}" "${ETHERWATCH_KAFKA_CONTROLLER_PORT:=39093}" "${ETHERWATCH_MOTO_PORT:=34566}"
  : "${ETHERWATCH_POSTGRES_PORT:=35432}" "${ETHERWATCH_WEB_CONSOLE_PORT:=38080}" "${ETHERWATCH_AUTH_SERVICE_PORT:=38081}"
  : "${ETHERWATCH_INVENTORY_SERVICE_PORT:=38082}" "${ETHERWATCH_PUSH_SERVICE_PORT:=38083}"
  : "${ETHERWATCH_LOG_INGEST_SERVICE_PORT:=38084}"
  export ETHERWATCH_KAFKA_PORT ETHERWATCH_KAFKA_CONTROLLER_PORT ETHERWATCH_MOTO_PORT ETHERWATCH_POSTGRES_PORT \
    ETHERWATCH_WEB_CONSOLE_PORT ETHERWATCH_AUTH_SERVICE_PORT ETHERWATCH_INVENTORY_SERVICE_PORT \
    ETHERWATCH_PUSH_SERVICE_PORT ETHERWATCH_LOG_INGEST_SERVICE_PORT
  up_log="$root/bench/$BENCH/target/up.log"
  mkdir -p "$(dirname "$up_log")"
  echo "bench/$BENCH: starting a stack (./etherwatch up --fresh, state $ETHERWATCH_STATE, log $up_log)"
  ./etherwatch up --fresh >"$up_log" 2>&1 &
  up_pid=$!
  trap stop_stack EXIT
  local i
  for ((i = 0; i < 1200; i++)); do
    grep -qs "Etherwatch is up" "$up_log" && return 0
    kill -0 "$up_pid" 2>/dev/null || {
      tail -n 20 "$up_log" >&2
      die "./etherwatch up ended before the stack was up; see $up_log"
    }
    sleep 0.5
  done
  die "the stack was not up within 10 minutes; see $up_log"
}

stop_stack() {
  ./etherwatch down >/dev/null 2>&1 || true
  wait "$up_pid" 2>/dev/null || true
}
