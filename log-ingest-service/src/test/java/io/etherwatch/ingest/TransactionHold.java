package io.etherwatch.ingest;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Fault injection in the service's producers (Kafka's {@code interceptor.classes}, set for tests):
 * the first send to an {@link #arm armed} topic blocks for a while inside its transaction, so the
 * transaction outlives {@code transaction.timeout.ms} and the broker aborts it and bumps the
 * producer epoch, as a long GC pause or a stalled disk would.
 */
public class TransactionHold implements ProducerInterceptor<String, byte[]> {
  private static final AtomicReference<String> TOPIC = new AtomicReference<>();
  private static volatile long holdMillis;
  private static volatile boolean held;

  static void arm(String topic, long millis) {
    holdMillis = millis;
    held = false;
    TOPIC.set(topic);
  }

  static boolean held() {
    return held;
  }

  @Override
  public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
    if (record.topic().equals(TOPIC.get()) && TOPIC.compareAndSet(record.topic(), null)) {
      try {
        Thread.sleep(holdMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      held = true;
    }
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
