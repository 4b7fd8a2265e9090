package io.etherwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.ingest.coordination.ShardMap;
import io.etherwatch.ingest.metrics.IngestMetrics;
import io.etherwatch.logevent.LogEvent;
import io.etherwatch.logevent.TopicNames;
import io.etherwatch.testsupport.KafkaResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.SharedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever Kafka would refuse for one event or one group stops only that event or group (DESIGN
 * §5): each test puts the refused input in one group and numbered events in a group of the same
 * shard, and counts both with a read_committed consumer on the real broker.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class KafkaRefusalsTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TopicNames TOPICS = new TopicNames(TopicNames.DEFAULT_PATTERN);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject IngestMetrics metrics;

  private LogsFixture logs;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void openFixture() {
    logs = new LogsFixture(SharedServices.motoEndpoint());
  }

  @AfterEach
  void closeFixture() {
    logs.close();
  }

  @Test
  void eventsLargerThanAKafkaRecordArePublishedCutWithAMarkerAndTheShardGoesOn() throws Exception {
    List<String> groups = sameShard("big-" + run, 2);
    String group = groups.get(0);
    String neighbour = groups.get(1);
    long now = System.currentTimeMillis();
    for (String g : groups) {
      logs.createGroup(g);
      logs.createStream(g, "s");
    }
    logs.createStream(group, "big");
    logs.putNumbered(group, "s", 0, 5, now - 3_000);
    // JSON escapes a control character as six bytes: 200,000 of them are 1.2 MB of JSON.
    String controls = "\u0001".repeat(200_000);
    String plain = "a".repeat(1_048_000);
    logs.put(group, "big", now - 2_000, controls);
    logs.put(group, "big", now - 1_000, plain);
    logs.putNumbered(group, "s", 5, 10, now);
    logs.putNumbered(neighbour, "s", 0, 10, now);

    PublishedEvents.awaitComplete(bootstrap, neighbour, Map.of("s", 10), WAIT);
    await().atMost(WAIT).until(() -> withoutBig(group).size() >= 10);
    await().atMost(WAIT).until(() -> records(group, "big").size() >= 2);
    afterTwoMoreSweeps();

    List<ConsumerRecord<String, byte[]>> big = records(group, "big");
    assertThat(big).hasSize(2);
    for (int i = 0; i < 2; i++) {
      String original = i == 0 ? controls : plain;
      ConsumerRecord<String, byte[]> r = big.get(i);
      assertThat(new String(r.headers().lastHeader("ew-truncated").value()))
          .isEqualTo(Integer.toString(original.length()));
      String message = JSON.readValue(r.value(), LogEvent.class).message();
      assertThat(original).startsWith(message);
      assertThat(message.length()).isLessThan(original.length()).isGreaterThan(100_000);
    }
    assertThat(
            metrics.count(
                "etherwatch.ingest.oversized.events", "group", group, "action", "truncated"))
        .isEqualTo(2);
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, neighbour, Map.of("s", 10));
    assertThat(PublishedEvents.numbersByStream(withoutBig(group)).get("s"))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void lateEventsBeyondWhatOneRecordHoldsAreCountedOnceAndTheShardGoesOn() {
    List<String> groups = sameShard("late-many-" + run, 2);
    String group = groups.get(0);
    String neighbour = groups.get(1);
    for (String g : groups) {
      logs.createGroup(g);
      logs.createStream(g, "s");
    }
    long now = System.currentTimeMillis();
    logs.putNumbered(group, "s", 0, 5, now);
    PublishedEvents.awaitComplete(bootstrap, group, Map.of("s", 5), WAIT);

    // An agent flushing a backlog: 20,000 events 7 minutes old, later than the 5-minute lookback.
    int late = 20_000;
    long old = now - Duration.ofMinutes(7).toMillis();
    logs.putMany(group, "s", old, late / 2, "backlog-a");
    logs.putMany(group, "s", old + late / 2, late / 2, "backlog-b");
    logs.putNumbered(group, "s", 5, 10, now + 1);
    logs.putNumbered(neighbour, "s", 0, 10, now);

    await()
        .atMost(WAIT)
        .until(() -> metrics.count("etherwatch.ingest.late.events", "group", group) >= late);
    PublishedEvents.awaitComplete(bootstrap, group, Map.of("s", 10), WAIT);
    PublishedEvents.awaitComplete(bootstrap, neighbour, Map.of("s", 10), WAIT);
    afterTwoMoreSweeps();

    assertThat(metrics.count("etherwatch.ingest.late.events", "group", group)).isEqualTo(late);
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, group, Map.of("s", 10));
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, neighbour, Map.of("s", 10));
  }

  @Test
  void eventStampedHoursAheadOnATopicCreatedWithoutTheToleranceIsPublished() throws Exception {
    List<String> groups = sameShard("ahead-" + run, 3);
    String defaults = groups.get(0);
    String strict = groups.get(1);
    String neighbour = groups.get(2);
    try (Admin admin = Admin.create(adminProps())) {
      // Someone else created these topics: Kafka 4's default accepts 1 h ahead, this one 1 min.
      admin
          .createTopics(
              List.of(
                  new NewTopic(TOPICS.topic(defaults), 1, (short) 1),
                  new NewTopic(TOPICS.topic(strict), 1, (short) 1)
                      .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, "60000"))))
          .all()
          .get();
    }
    long now = System.currentTimeMillis();
    for (String g : groups) {
      logs.createGroup(g);
      logs.createStream(g, "s");
      logs.putNumbered(g, "s", 0, 3, now);
    }
    logs.put(defaults, "s", now + Duration.ofMinutes(110).toMillis(), LogsFixture.message("s", 3));
    logs.put(strict, "s", now + Duration.ofMinutes(30).toMillis(), LogsFixture.message("s", 3));

    for (String g : List.of(defaults, strict)) {
      PublishedEvents.awaitComplete(bootstrap, g, Map.of("s", 4), WAIT);
    }
    PublishedEvents.awaitComplete(bootstrap, neighbour, Map.of("s", 3), WAIT);
    afterTwoMoreSweeps();
    for (String g : List.of(defaults, strict)) {
      PublishedEvents.assertExactlyOnceInOrder(bootstrap, g, Map.of("s", 4));
    }
    PublishedEvents.assertExactlyOnceInOrder(bootstrap, neighbour, Map.of("s", 3));
    try (Admin admin = Admin.create(adminProps())) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPICS.topic(strict));
      String after =
          admin
              .describeConfigs(List.of(topic))
              .all()
              .get()
              .get(topic)
              .get(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG)
              .value();
      assertThat(Long.parseLong(after)).isGreaterThan(Duration.ofHours(2).toMillis());
    }
  }

  /* Groups named from a prefix that all belong to one shard (4 shards, as the test service runs). */
  static List<String> sameShard(String prefix, int n) {
    ShardMap map = new ShardMap(4);
    List<String> groups = new ArrayList<>();
    int shard = map.shardOf(prefix + "-0");
    for (int i = 0; groups.size() < n; i++) {
      if (map.shardOf(prefix + "-" + i) == shard) {
        groups.add(prefix + "-" + i);
      }
    }
    return groups;
  }

  private List<LogEvent> withoutBig(String group) {
    return PublishedEvents.of(bootstrap, group).stream()
        .filter(e -> !e.logStreamName().equals("big"))
        .toList();
  }

  private Properties adminProps() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return props;
  }

  /* The committed records of one stream, with their headers. */
  private List<ConsumerRecord<String, byte[]>> records(String group, String stream) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      TopicPartition tp = new TopicPartition(TOPICS.topic(group), 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (stream.equals(r.key())) {
                    found.add(r);
                  }
                });
      }
    }
    return found;
  }

  private void afterTwoMoreSweeps() {
    double sweeps = metrics.count("etherwatch.ingest.api.calls", "read", "sweep");
    await()
        .atMost(WAIT)
        .until(() -> metrics.count("etherwatch.ingest.api.calls", "read", "sweep") >= sweeps + 2);
  }
}
