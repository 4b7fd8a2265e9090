package io.etherwatch.inventory.rest;

import io.etherwatch.inventory.Moto;
import io.etherwatch.inventory.Tokens;
import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.Schemathesis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Schemathesis fuzzes every operation of the service's own OpenAPI document for about 20 s, with an
 * admin token whose log-group patterns match every group (so each request reaches moto, which holds
 * an instance and a log group of this test): no query text, path text or JSON body may be answered
 * with a 5xx, and every 4xx carries {@code {"error","message"}} (issue 13).
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
class OpenApiFuzzTest {
  @TestHTTPResource("/")
  URL root;

  @Test
  void noInputIsAnsweredWithAServerError() {
    seed();
    String token = Tokens.admin();
    // moto builds each AWS backend on its first call (seconds on a busy machine): that is not the
    // fuzzer's budget, and it would exceed its per-request timeout.
    for (String warm :
        List.of(
            "/api/ec2",
            "/api/log/groups",
            "/api/metrics/stats?namespace=AWS/EC2&metricName=CPUUtilization")) {
      Api.as(token).get(warm).then().statusCode(200);
    }

    Schemathesis.against(URI.create("http://127.0.0.1:" + root.getPort() + "/"))
        .bearer(token)
        .run()
        .assertNoServerErrors();
  }

  /**
   * An instance and a log group with a stream and an event, so that the links from {@code GET
   * /api/ec2} and the names the fuzzer reads from list answers lead to data, not only to 404s.
   */
  private static void seed() {
    String run = Moto.unique();
    try (Ec2Client ec2 = Moto.ec2()) {
      String vpc = ec2.createVpc(r -> r.cidrBlock("10.78.0.0/16")).vpc().vpcId();
      String subnet =
          ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.78.1.0/24")).subnet().subnetId();
      String id =
          ec2.runInstances(
                  b ->
                      b.imageId("ami-12345678")
                          .instanceType(InstanceType.T3_MICRO)
                          .minCount(1)
                          .maxCount(1)
                          .subnetId(subnet))
              .instances()
              .get(0)
              .instanceId();
      ec2.createTags(
          t -> t.resources(id).tags(Tag.builder().key("Name").value("fuzz-" + run).build()));
    }
    String group = "/etherwatch/fuzz/" + run;
    try (CloudWatchLogsClient logs = Moto.logs()) {
      logs.createLogGroup(r -> r.logGroupName(group));
      logs.createLogStream(r -> r.logGroupName(group).logStreamName("app"));
      logs.putLogEvents(
          r ->
              r.logGroupName(group)
                  .logStreamName("app")
                  .logEvents(
                      InputLogEvent.builder()
                          .timestamp(System.currentTimeMillis())
                          .message("fuzz seed")
                          .build()));
    }
  }
}
