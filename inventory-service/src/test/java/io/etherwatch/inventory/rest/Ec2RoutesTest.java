package io.etherwatch.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.etherwatch.inventory.AwsCallRecorder;
import io.etherwatch.inventory.Moto;
import io.etherwatch.inventory.Tokens;
import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The EC2 routes against moto: seven reservations of three instances each in a VPC of the test's
 * own, read with five reservations per DescribeInstances page, some stopped, some terminated.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ec2RoutesTest {
  private static final int RESERVATIONS = 7;
  private static final int PER_RESERVATION = 3;

  @Inject AwsCallRecorder recorder;

  private final String run = Moto.unique();
  private String vpcId;
  private String subnetId;

  /** instance id → expected Name tag, and → expected state. */
  private final Map<String, String> names = new HashMap<>();

  private final Map<String, String> states = new HashMap<>();
  private final List<List<String>> reservations = new ArrayList<>();

  @BeforeAll
  void seed() {
    try (Ec2Client ec2 = Moto.ec2()) {
      vpcId = ec2.createVpc(r -> r.cidrBlock("10.77.0.0/16")).vpc().vpcId();
      subnetId =
          ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.77.1.0/24")).subnet().subnetId();
      for (int r = 0; r < RESERVATIONS; r++) {
        List<Instance> launched =
            ec2.runInstances(
                    b ->
                        b.imageId("ami-12345678")
                            .instanceType(InstanceType.T3_MICRO)
                            .minCount(PER_RESERVATION)
                            .maxCount(PER_RESERVATION)
                            .subnetId(subnetId))
                .instances();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < launched.size(); i++) {
          String id = launched.get(i).instanceId();
          String name = "ew-" + run + "-r" + r + "-" + i;
          ec2.createTags(t -> t.resources(id).tags(Tag.builder().key("Name").value(name).build()));
          names.put(id, name);
          states.put(id, "running");
          ids.add(id);
        }
        reservations.add(ids);
      }
      ec2.stopInstances(b -> b.instanceIds(reservations.get(1)));
      reservations.get(1).forEach(id -> states.put(id, "stopped"));
      ec2.terminateInstances(b -> b.instanceIds(reservations.get(2)));
      reservations.get(2).forEach(id -> states.put(id, "terminated"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void listsEveryInstanceOfEveryReservationAcrossPagesOnce() {
    int before = recorder.calls("DescribeInstances");
    JsonPath body =
        Api.as(Tokens.viewer())
            .queryParam("vpc", vpcId)
            // A wildcard no other test asks for: this answer cannot come from the cache.
            .queryParam("tag:Name", "ew-" + run + "-*")
            .get("/api/ec2")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<String> ids = body.getList("instances.instanceId");
    assertThat(ids).hasSize(RESERVATIONS * PER_RESERVATION).doesNotHaveDuplicates();
    assertThat(ids).containsExactlyInAnyOrderElementsOf(names.keySet());
    // 7 reservations, 5 per page: the second page was read too.
    assertThat(recorder.calls("DescribeInstances") - before).isEqualTo(2);
    for (Map<String, Object> instance : body.<Map<String, Object>>getList("instances")) {
      String id = (String) instance.get("instanceId");
      assertThat(instance.get("name")).isEqualTo(names.get(id));
      assertThat(instance.get("state")).isEqualTo(states.get(id));
      assertThat(Instant.parse((String) instance.get("launchTime"))).isBefore(Instant.now());
      assertThat(instance.get("instanceType")).isEqualTo("t3.micro");
      assertThat(instance.get("vpcId")).isEqualTo(vpcId);
      assertThat(instance.get("subnetId")).isEqualTo(subnetId);
      assertThat((Map<String, Object>) instance.get("tags")).containsEntry("Name", names.get(id));
    }
  }

  @Test
  void reportsSeveralStatesWithTheirCodes() {
    JsonPath body =
        Api.as(Tokens.viewer())
            .queryParam("vpc", vpcId)
            .get("/api/ec2")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Integer> codes = new HashMap<>();
    for (Map<String, Object> instance : body.<Map<String, Object>>getList("instances")) {
      codes.put((String) instance.get("state"), (Integer) instance.get("stateCode"));
    }
    assertThat(codes)
        .containsEntry("running", 16)
        .containsEntry("stopped", 80)
        .containsEntry("terminated", 48);
  }

  @Test
  void filtersByState() {
    List<String> stopped =
        instanceIds(
            Api.as(Tokens.viewer()).queryParam("vpc", vpcId).queryParam("state", "stopped"));
    assertThat(stopped).containsExactlyInAnyOrderElementsOf(reservations.get(1));
  }

  @Test
  void filtersByNameTag() {
    String id = reservations.get(4).get(2);
    List<String> found = instanceIds(Api.as(Tokens.viewer()).queryParam("tag:Name", names.get(id)));
    assertThat(found).containsExactly(id);
  }

  @Test
  void answersOneInstanceById() {
    String id = reservations.get(6).get(1);
    Api.as(Tokens.viewer())
        .get("/api/ec2/" + id)
        .then()
        .statusCode(200)
        .body("instanceId", equalTo(id))
        .body("name", equalTo(names.get(id)))
        .body("state", equalTo("running"))
        .body("privateIp", containsString("10.77.1."));
  }

  @Test
  void answers404ForAnUnknownInstance() {
    Api.as(Tokens.viewer())
        .get("/api/ec2/i-0123456789abcdef0")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"))
        .body("message", containsString("i-0123456789abcdef0"));
  }

  @Test
  void listsTheInstancesEc2AndAgentMetricsOnce() {
    String id = reservations.get(5).get(0);
    String name = names.get(id);
    String metric = "ew-" + run + "-tcp-in";
    try (CloudWatchClient cloudWatch = Moto.cloudWatch()) {
      for (int i = 0; i < 3; i++) {
        Instant at = Instant.now().minusSeconds(60L * i);
        cloudWatch.putMetricData(
            r ->
                r.namespace("AWS/EC2")
                    .metricData(
                        datum("CPUUtilization", at, d("InstanceId", id)),
                        datum("NetworkIn", at, d("InstanceId", id))));
        cloudWatch.putMetricData(
            r ->
                r.namespace("Etherwatch/Host")
                    .metricData(
                        datum(
                            metric,
                            at,
                            d("Host", name),
                            d("Protocol", "tcp"),
                            d("Direction", "in"))));
      }
    }
    JsonPath body =
        Api.as(Tokens.viewer())
            .get("/api/ec2/" + id + "/metrics")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<String> keys = new ArrayList<>();
    for (Map<String, Object> m : body.<Map<String, Object>>getList("metrics")) {
      keys.add(m.get("namespace") + " " + m.get("metricName"));
    }
    assertThat(keys)
        .containsExactlyInAnyOrder(
            "AWS/EC2 CPUUtilization", "AWS/EC2 NetworkIn", "Etherwatch/Host " + metric);
    assertThat(body.getList("metrics.find { it.metricName == '" + metric + "' }.dimensions.name"))
        .containsExactly("Direction", "Host", "Protocol");
  }

  @Test
  void answers404ForTheMetricsOfAnUnknownInstance() {
    Api.as(Tokens.viewer())
        .get("/api/ec2/i-0fedcba987654321f/metrics")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
  }

  private static software.amazon.awssdk.services.cloudwatch.model.Dimension d(
      String name, String value) {
    return software.amazon.awssdk.services.cloudwatch.model.Dimension.builder()
        .name(name)
        .value(value)
        .build();
  }

  private static MetricDatum datum(
      String name,
      Instant at,
      software.amazon.awssdk.services.cloudwatch.model.Dimension... dimensions) {
    return MetricDatum.builder()
        .metricName(name)
        .timestamp(at)
        .value(1.0)
        .unit(StandardUnit.COUNT)
        .dimensions(dimensions)
        .build();
  }

  /** The instance ids of a 200 answer to {@code GET /api/ec2} with {@code query}'s filters. */
  private static List<String> instanceIds(RequestSpecification query) {
    return query
        .get("/api/ec2")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("instances.instanceId");
  }
}
