package io.etherwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  @Test
  void producesAndConsumesThroughTheSharedBroker() throws Exception {
    String bootstrap = SharedServices.kafkaBootstrapServers();
    String topic = "smoke-" + UUID.randomUUID();
    produce(bootstrap, topic, 100);

    assertThat(consume(bootstrap, topic, 100)).containsExactlyElementsOf(numbered(100));
  }

  @Test
  void keepsCommittedRecordsAcrossAKillAndRestart() throws Exception {
    KafkaBroker broker = KafkaBroker.start(SharedServices.runDir().resolve("kafka-restart"));
    try {
      String topic = "restart-" + UUID.randomUUID();
      produce(broker.bootstrapServers(), topic, 10);
      long killedPid = broker.process().pid();

      broker.kill();
      assertThat(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      broker.restart();

      assertThat(consume(broker.bootstrapServers(), topic, 10))
          .containsExactlyElementsOf(numbered(10));
    } finally {
      broker.stop();
    }
  }

  private static List<String> numbered(int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add("event-" + i);
    }
    return values;
  }

  private static void produce(String bootstrap, String topic, int count) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      for (String value : numbered(count)) {
        producer.send(new ProducerRecord<>(topic, "stream-a", value)).get();
      }
    }
  }

  private static List<String> consume(String bootstrap, String topic, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "smoke-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
      // One more poll shows nothing beyond what was produced.
      consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
    }
    return values;
  }
}
