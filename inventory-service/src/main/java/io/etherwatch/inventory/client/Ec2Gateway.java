package io.etherwatch.inventory.client;

import io.etherwatch.inventory.config.InventoryConfig;
import io.etherwatch.inventory.domain.Ec2Filter;
import io.etherwatch.inventory.domain.Ec2Instance;
import io.etherwatch.inventory.domain.SecurityGroupRef;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/** DescribeInstances, read to the last page and the last instance of every reservation. */
@Singleton
public class Ec2Gateway {
  static final String DESCRIBE_INSTANCES = "ec2:DescribeInstances";

  private final Ec2Client ec2;
  private final InventoryConfig config;

  Ec2Gateway(Ec2Client ec2, InventoryConfig config) {
    this.ec2 = ec2;
    this.config = config;
  }

  /** Every instance the filter lets through, in the order AWS lists them. */
  public List<Ec2Instance> instances(Ec2Filter filter) {
    List<Filter> filters = new ArrayList<>();
    addFilter(filters, "instance-state-name", filter.state());
    addFilter(filters, "vpc-id", filter.vpcId());
    addFilter(filters, "tag:Name", filter.name());
    return describe(filters);
  }

  /** The instance with this id, if AWS knows it. */
  public Optional<Ec2Instance> instance(String instanceId) {
    // A filter rather than InstanceIds: an unknown id is an empty answer, not an AWS error.
    List<Filter> filters = new ArrayList<>();
    addFilter(filters, "instance-id", instanceId);
    return describe(filters).stream().findFirst();
  }

  private List<Ec2Instance> describe(List<Filter> filters) {
    DescribeInstancesRequest request =
        DescribeInstancesRequest.builder()
            .filters(filters)
            .maxResults(Math.max(5, Math.min(1000, config.ec2PageSize())))
            .build();
    return AwsCalls.call(
        DESCRIBE_INSTANCES,
        () -> {
          List<Ec2Instance> instances = new ArrayList<>();
          for (Reservation reservation : ec2.describeInstancesPaginator(request).reservations()) {
            reservation.instances().forEach(i -> instances.add(toInstance(i)));
          }
          return List.copyOf(instances);
        });
  }

  private static void addFilter(List<Filter> filters, String name, String value) {
    if (value != null && !value.isBlank()) {
      filters.add(Filter.builder().name(name).values(value).build());
    }
  }

  private static Ec2Instance toInstance(Instance i) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag tag : i.tags()) {
      tags.put(tag.key(), tag.value());
    }
    List<SecurityGroupRef> groups =
        i.securityGroups().stream()
            .map(g -> new SecurityGroupRef(g.groupId(), g.groupName()))
            .toList();
    return new Ec2Instance(
        i.instanceId(),
        tags.get("Name"),
        i.state() == null ? null : i.state().nameAsString(),
        i.state() == null ? null : i.state().code(),
        i.launchTime(),
        i.instanceTypeAsString(),
        i.placement() == null ? null : i.placement().availabilityZone(),
        i.vpcId(),
        i.subnetId(),
        i.privateIpAddress(),
        i.publicIpAddress(),
        groups,
        tags);
  }
}
