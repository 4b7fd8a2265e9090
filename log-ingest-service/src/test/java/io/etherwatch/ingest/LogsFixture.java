package io.etherwatch.ingest;

import io.etherwatch.testsupport.MotoServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** The writing side of the tests: log groups, streams and numbered events in moto. */
final class LogsFixture implements AutoCloseable {
  private final CloudWatchLogsClient logs;

  LogsFixture(URI motoEndpoint) {
    this.logs = MotoServer.configure(CloudWatchLogsClient.builder(), motoEndpoint).build();
  }

  void createGroup(String group) {
    logs.createLogGroup(b -> b.logGroupName(group));
  }

  void createStream(String group, String stream) {
    logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
  }

  /** Puts events numbered {@code from} .. {@code to - 1}, one millisecond apart from {@code t0}. */
  void putNumbered(String group, String stream, int from, int to, long t0) {
    List<InputLogEvent> batch = new ArrayList<>();
    for (int n = from; n < to; n++) {
      batch.add(InputLogEvent.builder().timestamp(t0 + n).message(message(stream, n)).build());
    }
    logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(batch));
  }

  /** Puts {@code count} events one millisecond apart from {@code t0}, messages "label i". */
  void putMany(String group, String stream, long t0, int count, String label) {
    List<InputLogEvent> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(InputLogEvent.builder().timestamp(t0 + i).message(label + " " + i).build());
    }
    logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(batch));
  }

  void put(String group, String stream, long timestamp, String message) {
    logs.putLogEvents(
        b ->
            b.logGroupName(group)
                .logStreamName(stream)
                .logEvents(InputLogEvent.builder().timestamp(timestamp).message(message).build()));
  }

  static String message(String stream, int n) {
    return "n=" + n + " stream=" + stream;
  }

  static int number(String message) {
    return Integer.parseInt(message.substring(2, message.indexOf(' ')));
  }

  @Override
  public void close() {
    logs.close();
  }
}
