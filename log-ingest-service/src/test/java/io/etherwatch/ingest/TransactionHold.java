package io.etherwatch.ingest;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Fault injection in the service's producers (Kafka's {@code interceptor.classes}, set for tests):
 * the first send to an {@link #arm armed} topic whose key contains a text blocks for a while inside
 * its transaction (armed on a checkpoint, the events before it have already begun the transaction
 * at the broker), so the transaction outlives {@code transaction.timeout.ms} and the broker aborts
 * it and bumps the producer epoch, as a long GC pause or a stalled disk would.
 */
public class TransactionHold implements ProducerInterceptor<String, byte[]> {
  /*
   * Kafka may load this class through another class loader than the test's, so the two share their
   * state through system properties rather than static fields.
   */
  private static final String TOPIC = "etherwatch.test.hold.topic";
  private static final String MILLIS = "etherwatch.test.hold.millis";
  private static final String HELD = "etherwatch.test.hold.done";
  private static final String KEY = "etherwatch.test.hold.key";

  static void arm(String topic, String keyContains, long millis) {
    System.clearProperty(HELD);
    System.setProperty(MILLIS, Long.toString(millis));
    System.setProperty(KEY, keyContains);
    System.setProperty(TOPIC, topic);
  }

  static boolean held() {
    return System.getProperty(HELD) != null;
  }

  @Override
  public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
    if (record.topic().equals(System.getProperty(TOPIC))
        && record.key() != null
        && record.key().contains(System.getProperty(KEY, "\u0000"))
        && claim(record.topic())) {
      try {
        Thread.sleep(Long.parseLong(System.getProperty(MILLIS, "0")));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.setProperty(HELD, "true");
    }
    return record;
  }

  private static synchronized boolean claim(String topic) {
    if (topic.equals(System.getProperty(TOPIC))) {
      System.clearProperty(TOPIC);
      return true;
    }
    return false;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
