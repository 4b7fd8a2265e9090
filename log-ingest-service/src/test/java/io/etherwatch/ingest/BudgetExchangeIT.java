package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.testsupport.KafkaBroker;
import io.etherwatch.testsupport.SharedServices;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Fault: the Kafka broker is down for 10 s under two replicas of the packaged service. Their budget
 * exchange must come back: both write their demand again, and their rates add up to at most the
 * deployment's (a replica whose exchange died would keep its share while the other, counting it
 * dead, took the whole rate).
 */
class BudgetExchangeIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double RATE = 20;

  @Test
  void bothReplicasExchangeTheirDemandAgainAfterTheBrokerWasDownTenSeconds() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "budget-" + run + "-";
    KafkaBroker broker = KafkaBroker.start(SharedServices.runDir().resolve("kafka-" + run));
    String kafka = broker.bootstrapServers();
    IngestProcess a = null;
    IngestProcess b = null;
    try (NumberedWriter writer = new NumberedWriter(List.of(prefix + "a"), List.of("s"), 5, 300)) {
      writer.start();
      a = IngestProcess.start("ingest-budget-a-" + run, "budget-" + run, prefix, kafka);
      b = IngestProcess.start("ingest-budget-b-" + run, "budget-" + run, prefix, kafka);
      IngestProcess ra = a;
      IngestProcess rb = b;
      await().atMost(WAIT).until(() -> membersSince(kafka, 0) >= 2);

      broker.kill();
      Thread.sleep(10_000);
      broker.restart();
      long restarted = System.currentTimeMillis();

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(membersSince(kafka, restarted + 4_000))
                    .as("replicas writing their demand after the broker came back")
                    .isEqualTo(2);
                double sum =
                    ra.gauge("etherwatch_ingest_budget_rate")
                        + rb.gauge("etherwatch_ingest_budget_rate");
                assertThat(sum).isLessThanOrEqualTo(RATE + 0.01).isGreaterThan(RATE / 2);
              });
    } finally {
      if (a != null) {
        a.stop();
      }
      if (b != null) {
        b.stop();
      }
      broker.stop();
    }
  }

  /* How many members wrote a demand entry stamped at or after {@code since}. */
  private static int membersSince(String kafka, long since) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Map<String, Long> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      TopicPartition tp = new TopicPartition("etherwatch.ingest.budget", 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(5)).get(tp);
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            JsonNode entry = JSON.readTree(r.value());
            latest.merge(r.key(), entry.get("at").asLong(), Math::max);
          }
        }
      }
    } catch (Exception e) {
      return 0;
    }
    return (int) latest.values().stream().filter(at -> at >= since).count();
  }
}
