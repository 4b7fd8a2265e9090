package io.etherwatch.inventory.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One EC2 instance as the inventory shows it; {@code name} is its {@code Name} tag. */
public record Ec2Instance(
    String instanceId,
    String name,
    String state,
    Integer stateCode,
    Instant launchTime,
    String instanceType,
    String availabilityZone,
    String vpcId,
    String subnetId,
    String privateIp,
    String publicIp,
    List<SecurityGroupRef> securityGroups,
    Map<String, String> tags) {}
