#!/usr/bin/env bash
# ./etherwatch bench ingest [late-horizon|watched [--before]|report]: builds log-ingest-service, push-service and
# this benchmark, runs it against a local Kafka broker, a synthetic CloudWatch Logs source and moto (loopback only,
# about 27 minutes), and writes bench/results/ingest.json and bench/results/ingest.md.
#   late-horizon  only the late-horizon scenario (1h vs 14d, quiet and busy group; about 10 minutes): its section
#                 of ingest.json is replaced, the other sections keep the numbers of their own run
#   watched       only the watched-groups scenario (issue 14: PutLogEvents → WebSocket through push-service, 100
#                 followed groups; about 9 minutes, 5 of them the idle time it measures); --before keeps the run
#                 as the reference measured before watched groups existed, beside the latest run
#   report        only rebuilds ingest.md from ingest.json
# ETHERWATCH_BENCH_SOURCE=<commit> builds the services from that commit (a copy under bench/ingest/target/), not
# from this work tree, and names it as the code measured.
set -euo pipefail
[[ -n "${ETHERWATCH_TRACE:-}" ]] && set -x

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

usage() {
  echo "usage: bench/ingest/run.sh [late-horizon|watched [--before]|report]" >&2
  exit 2
}

# Builds the services measured, from the work tree or from ETHERWATCH_BENCH_SOURCE; sets tree (the tree whose
# quarkus-app jars are run) and commit (the code measured).
build_services() {
  local modules=log-ingest-service
  [[ "$only" == all || "$only" == watched ]] && modules+=,push-service
  ./mvnw -B -ntp -pl deploy/local/kafka-broker package -DskipTests
  if [[ -n "${ETHERWATCH_BENCH_SOURCE:-}" ]]; then
    commit="$(git rev-parse --short "$ETHERWATCH_BENCH_SOURCE")"
    tree="$root/bench/ingest/target/source-$commit"
    rm -rf "$tree"
    mkdir -p "$tree"
    git archive "$commit" | tar -x -C "$tree"
    (cd "$tree" && ./mvnw -B -ntp -o -pl "$modules" -am package -DskipTests)
    return 0
  fi
  ./mvnw -B -ntp -pl "$modules" package -DskipTests
  tree="$root"
  # The code measured: ETHERWATCH_BENCH_COMMIT (a copy outside git), else HEAD, noting uncommitted changes.
  commit="${ETHERWATCH_BENCH_COMMIT:-}"
  if [[ -z "$commit" ]]; then
    commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [[ -n "$(git status --porcelain -- log-ingest-service push-service bench/ingest 2>/dev/null)" ]]; then
      commit+=" with uncommitted changes"
    fi
  fi
}

main() {
  only="${1:-all}"
  local before=false
  case "$only" in
    all | late-horizon | report) [[ $# -le 1 ]] || usage ;;
    watched)
      [[ $# -le 2 ]] || usage
      if [[ $# -eq 2 ]]; then
        [[ "$2" == --before ]] || usage
        before=true
      fi
      ;;
    *) usage ;;
  esac
  tree="$root"
  commit=unknown
  if [[ "$only" != report ]]; then
    build_services
  fi
  ./mvnw -B -ntp -f bench/common/pom.xml install -DskipTests
  ./mvnw -B -ntp -f bench/ingest/pom.xml package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -DskipTests
  java -Xmx768m -Detherwatch.root="$root" -Dbench.only="$only" -Dbench.commit="$commit" \
    -Dbench.watched.before="$before" \
    -Dbench.ingest.jar="$tree/log-ingest-service/target/quarkus-app/quarkus-run.jar" \
    -Dbench.push.jar="$tree/push-service/target/quarkus-app/quarkus-run.jar" \
    -cp "bench/ingest/target/classes:$(cat bench/ingest/target/classpath.txt)" \
    io.etherwatch.bench.ingest.IngestBench
}

main "$@"
