package io.etherwatch.ingest.client;

/** Kafka refused to create or describe an events topic (policy, authorization, invalid name). */
public class TopicUnusableException extends RuntimeException {
  public TopicUnusableException(String message, Throwable cause) {
    super(message, cause);
  }
}
