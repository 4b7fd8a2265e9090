#!/usr/bin/env bash
# ./etherwatch bench ingest [late-horizon|report]: builds log-ingest-service and this benchmark, runs it against
# a local Kafka broker, a synthetic CloudWatch Logs source and moto (loopback only, about 18 minutes), and writes
# bench/results/ingest.json and bench/results/ingest.md.
#   late-horizon  only the late-horizon scenario (1h vs 14d, quiet and busy group; about 10 minutes): its section
#                 of ingest.json is replaced, the other sections keep the numbers of their own run
#   report        only rebuilds ingest.md from ingest.json
set -euo pipefail
[[ -n "${ETHERWATCH_TRACE:-}" ]] && set -x

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

main() {
  local only="${1:-all}"
  case "$only" in
    all | late-horizon | report) ;;
    *)
      echo "usage: bench/ingest/run.sh [late-horizon|report]" >&2
      exit 2
      ;;
  esac
  if [[ "$only" != report ]]; then
    ./mvnw -B -ntp -pl deploy/local/kafka-broker package -DskipTests
    ./mvnw -B -ntp -pl log-ingest-service package -DskipTests
  fi
  # The code measured: ETHERWATCH_BENCH_COMMIT (a copy outside git), else HEAD, noting uncommitted changes.
  local commit="${ETHERWATCH_BENCH_COMMIT:-}"
  if [[ -z "$commit" ]]; then
    commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [[ -n "$(git status --porcelain -- log-ingest-service bench/ingest 2>/dev/null)" ]]; then
      commit+=" with uncommitted changes"
    fi
  fi
  ./mvnw -B -ntp -f bench/ingest/pom.xml package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -DskipTests
  java -Xmx768m -Detherwatch.root="$root" -Dbench.only="$only" -Dbench.commit="$commit" \
    -cp "bench/ingest/target/classes:$(cat bench/ingest/target/classpath.txt)" \
    io.etherwatch.bench.ingest.IngestBench
}

main "$@"
