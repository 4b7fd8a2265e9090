import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Forces a retention GAP (DESIGN section 6) for the browser tests: run with the broker's own jars as {@code java -cp
 * 'deploy/local/kafka-broker/target/libs/*' TruncateTopic.java BOOTSTRAP TOPIC COUNT TIMEOUT_S}. It prints {@code ready}
 * once it stands at the end of the topic, waits until COUNT more committed records have come (read_committed), then
 * deletes every record before the end (Admin.deleteRecords moves the log start offset at once, as retention would) and
 * prints {@code truncated TOPIC before {partition=offset}}. A cursor taken before those records is then outside the
 * retained range. Exit 2 when the records did not come within TIMEOUT_S.
 */
public class TruncateTopic {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    int count = Integer.parseInt(args[2]);
    Instant deadline = Instant.now().plusSeconds(Long.parseLong(args[3]));
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (Admin admin = Admin.create(props);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      System.out.println("ready " + topic);
      System.out.flush();
      int seen = 0;
      while (seen < count) {
        if (Instant.now().isAfter(deadline)) {
          System.out.println("timeout: " + seen + " of " + count + " records came to " + topic);
          System.exit(2);
        }
        seen += consumer.poll(Duration.ofMillis(200)).count();
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      admin
          .deleteRecords(
              ends.entrySet().stream()
                  .collect(
                      Collectors.toMap(
                          Map.Entry::getKey, e -> RecordsToDelete.beforeOffset(e.getValue()))))
          .all()
          .get();
      System.out.println("truncated " + topic + " before " + ends);
    }
  }
}
