package io.etherwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

class MotoServerTest {

  @Test
  void putLogEventsAreReadBackWithFilterLogEvents() {
    String group = "/etherwatch/smoke/" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    try (CloudWatchLogsClient logs =
        MotoServer.configure(CloudWatchLogsClient.builder(), SharedServices.motoEndpoint())
            .build()) {
      logs.createLogGroup(b -> b.logGroupName(group));
      logs.createLogStream(b -> b.logGroupName(group).logStreamName("ssh-in"));
      List<InputLogEvent> sent = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        sent.add(InputLogEvent.builder().timestamp(now + i).message("line " + i).build());
      }
      logs.putLogEvents(b -> b.logGroupName(group).logStreamName("ssh-in").logEvents(sent));

      List<FilteredLogEvent> read = new ArrayList<>();
      String token = null;
      do {
        String page = token;
        FilterLogEventsResponse response =
            logs.filterLogEvents(
                b ->
                    b.logGroupName(group)
                        .interleaved(true)
                        .startTime(now)
                        .limit(10)
                        .nextToken(page));
        read.addAll(response.events());
        token = response.nextToken();
      } while (token != null);

      assertThat(read)
          .extracting(FilteredLogEvent::message)
          .containsExactlyElementsOf(sent.stream().map(InputLogEvent::message).toList());
      assertThat(read).extracting(FilteredLogEvent::logStreamName).containsOnly("ssh-in");
      assertThat(read).extracting(FilteredLogEvent::eventId).doesNotHaveDuplicates();
    }
  }
}
