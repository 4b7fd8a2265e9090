import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Feeds a log group's topic at a fixed rate for the console benchmark (issue 16), as log-ingest-service writes it
 * (DESIGN section 5): committed transactions, key = stream, the ew-group/ew-stream/ew-event-id headers, the LogEvent
 * JSON (schema etherwatch.log-event/v1) as value. Run with the broker's own jars by the JDK's source launcher: {@code
 * java -cp 'deploy/local/kafka-broker/target/libs/*' FeedTopic.java BOOTSTRAP TOPIC GROUP STREAM RATE SECONDS RUN}.
 * Creates the topic when it is missing (3 partitions), prints {@code ready}, writes RATE events/s (one transaction
 * every 50 ms) for SECONDS seconds with messages {@code bench RUN N} (N from 1), then prints {@code written N}.
 */
public class FeedTopic {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    String group = args[2];
    String stream = args[3];
    int rate = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    String run = args[6];
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) throw e;
    }
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-console-" + UUID.randomUUID());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    long written = 0;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.initTransactions();
      System.out.println("ready " + topic);
      System.out.flush();
      long start = System.nanoTime();
      long total = (long) rate * seconds;
      while (written < total) {
        long elapsedNs = System.nanoTime() - start;
        long due = Math.min(total, (long) (rate * (elapsedNs / 1e9)) + 1);
        if (due > written) {
          producer.beginTransaction();
          long now = System.currentTimeMillis();
          for (; written < due; ) {
            written++;
            String id = run + "-" + written;
            String message = "bench " + run + " " + written;
            String json =
                "{\"schema\":\"etherwatch.log-event/v1\",\"eventId\":\""
                    + id
                    + "\",\"logGroupName\":\""
                    + group
                    + "\",\"logStreamName\":\""
                    + stream
                    + "\",\"timestamp\":"
                    + now
                    + ",\"ingestionTime\":"
                    + now
                    + ",\"message\":\""
                    + message
                    + "\"}";
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, now, stream, json);
            record.headers().add("ew-group", group.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ew-stream", stream.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ew-event-id", id.getBytes(StandardCharsets.UTF_8));
            producer.send(record);
          }
          producer.commitTransaction();
        }
        Thread.sleep(50);
      }
    }
    System.out.println("written " + written);
  }
}
