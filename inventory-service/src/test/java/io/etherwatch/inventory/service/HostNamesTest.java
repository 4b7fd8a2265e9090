package io.etherwatch.inventory.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.etherwatch.inventory.domain.Ec2Instance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostNamesTest {

  @Test
  void aNameTagCloudWatchCannotHoldIsNotAskedFor() {
    assertThat(Ec2Inventory.hostNames(instance("Wébserver ✓")))
        .containsExactly("i-0123456789abcdef0", "10.0.1.10", "ip-10-0-1-10");
    assertThat(Ec2Inventory.hostNames(instance("x".repeat(1025)))).doesNotContain("x".repeat(1025));
  }

  @Test
  void anAsciiNameTagIsAskedFor() {
    assertThat(Ec2Inventory.hostNames(instance("NodeAppServer1")))
        .containsExactly("i-0123456789abcdef0", "NodeAppServer1", "10.0.1.10", "ip-10-0-1-10");
  }

  private static Ec2Instance instance(String name) {
    return new Ec2Instance(
        "i-0123456789abcdef0",
        name,
        "running",
        16,
        null,
        "t3.micro",
        "us-east-1a",
        "vpc-1",
        "subnet-1",
        "10.0.1.10",
        null,
        List.of(),
        Map.of("Name", name));
  }
}
