#!/usr/bin/env bash
# ./etherwatch bench ingest: builds log-ingest-service and this benchmark, runs it against a local Kafka
# broker, a synthetic CloudWatch Logs source and moto (loopback only, about 8 minutes), and writes
# bench/results/ingest.json and bench/results/ingest.md.
set -euo pipefail
[[ -n "${ETHERWATCH_TRACE:-}" ]] && set -x

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

main() {
  ./mvnw -B -ntp -pl deploy/local/kafka-broker package -DskipTests
  ./mvnw -B -ntp -pl log-ingest-service package -DskipTests
  ./mvnw -B -ntp -f bench/ingest/pom.xml package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -DskipTests
  java -Xmx768m -Detherwatch.root="$root" \
    -cp "bench/ingest/target/classes:$(cat bench/ingest/target/classpath.txt)" \
    io.etherwatch.bench.ingest.IngestBench
}

main "$@"
