#!/usr/bin/env bash
# push-fanout: N WebSocket subscribers on one push-service, events through a real Kafka broker at a
# fixed rate. Loopback only, bounded in count and time. Writes bench/results/push-fanout.{json,md}
# and push-fanout-<LOG_GROUPS>-groups.{json,md}.
# Options (environment): SUBSCRIBERS (10000), STEP_SECONDS (15), MEASURE_SECONDS (20),
# SETTLE_SECONDS (5; at the measured rate before latencies are recorded), WARM_SECONDS (120; load
# before the steps, for the JIT compilers), EVENT_BYTES (200),
# LOG_GROUPS (100; the second run), CLIENT_LOOPS (2; the load generator's event loops), WARMUP (1000
# connections before memory is measured), PUSH_JVM_OPTS (added to push-service/jvm.options),
# HISTOGRAM_FILE (class histogram and, with -XX:NativeMemoryTracking=summary, native memory growth).
# test-support and log-event-model come from the local Maven repository. MEASURE_RATE (produced
# events/s) skips the search for the maximum: WARM_SECONDS at that rate, then the measurement at it.
set -euo pipefail
[[ -n "${ETHERWATCH_TRACE:-}" ]] && set -x

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
./mvnw -B -ntp -q -pl deploy/local/kafka-broker package
./mvnw -B -ntp -q -pl push-service package -DskipTests
./mvnw -B -ntp -q -f bench/push-fanout/pom.xml package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt

cd bench/push-fanout
# Two shapes: every subscriber on one group (the widest fan-out of an event), and the subscribers
# spread over LOG_GROUPS groups (100 unless set), as operators tailing different groups would be.
for groups in 1 "${LOG_GROUPS:-100}"; do
  LOG_GROUPS=$groups timeout 1200 java -Xmx2g -Detherwatch.root="$root" \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "target/classes:$(cat target/classpath.txt)" \
    io.etherwatch.bench.pushfanout.PushFanoutBench
done
