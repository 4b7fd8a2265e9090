package io.etherwatch.inventory.service;

import io.etherwatch.common.rest.ApiException;
import io.etherwatch.inventory.client.Ec2Gateway;
import io.etherwatch.inventory.client.MetricsGateway;
import io.etherwatch.inventory.domain.Dimension;
import io.etherwatch.inventory.domain.Ec2Filter;
import io.etherwatch.inventory.domain.Ec2Instance;
import io.etherwatch.inventory.domain.MetricRef;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The EC2 inventory and the metrics each instance has, from short-lived caches. */
@Singleton
public class Ec2Inventory {
  /** The host agent's namespace (DESIGN section 7); its {@code Host} dimension names the host. */
  public static final String AGENT_NAMESPACE = "Etherwatch/Host";

  public static final String EC2_NAMESPACE = "AWS/EC2";

  private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

  private final Ec2Gateway ec2;
  private final MetricsGateway metrics;
  private final ShortCache.Region<Ec2Filter, List<Ec2Instance>> instances;
  private final ShortCache.Region<String, Optional<Ec2Instance>> byId;
  private final ShortCache.Region<String, List<MetricRef>> metricsById;

  Ec2Inventory(Ec2Gateway ec2, MetricsGateway metrics, AwsCaches caches) {
    this.ec2 = ec2;
    this.metrics = metrics;
    this.instances = caches.region("instances", CacheWeights::instances);
    this.byId = caches.region("instance", CacheWeights::instance);
    this.metricsById = caches.region("instance-metrics", CacheWeights::metrics);
  }

  public List<Ec2Instance> instances(Ec2Filter filter) {
    return instances.get(filter, () -> ec2.instances(filter));
  }

  /**
   * The instance, or 404; an id not shaped as EC2 ids are ({@code i-} and 8 or 17 hexadecimal
   * digits) is a 404 without asking AWS.
   */
  public Ec2Instance instance(String instanceId) {
    if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
      throw ApiException.notFound(
          "no EC2 instance "
              + LogNames.shown(String.valueOf(instanceId))
              + " (EC2 ids are i- and 8 or 17 hexadecimal digits)");
    }
    return byId.get(instanceId, () -> ec2.instance(instanceId))
        .orElseThrow(() -> ApiException.notFound("no EC2 instance " + instanceId));
  }

  /**
   * The instance's AWS/EC2 metrics and the agent's metrics whose {@code Host} is the instance (by
   * id, Name tag, private IP or the {@code ip-a-b-c-d} host name EC2 gives it), each once.
   */
  public List<MetricRef> metrics(String instanceId) {
    Ec2Instance instance = instance(instanceId);
    return metricsById.get(
        instanceId,
        () -> {
          Set<MetricRef> found =
              new LinkedHashSet<>(
                  metrics.metrics(EC2_NAMESPACE, new Dimension("InstanceId", instanceId)));
          for (String host : hostNames(instance)) {
            found.addAll(metrics.metrics(AGENT_NAMESPACE, new Dimension("Host", host)));
          }
          return List.copyOf(found);
        });
  }

  /**
   * The names the agent's {@code Host} dimension may give the instance; a Name tag that no
   * CloudWatch dimension value can hold (EC2 tags allow unicode, dimension values only ASCII) is
   * left out rather than sent to AWS to be refused.
   */
  static Set<String> hostNames(Ec2Instance instance) {
    Set<String> names = new LinkedHashSet<>();
    names.add(instance.instanceId());
    if (instance.name() != null
        && !instance.name().isBlank()
        && MetricNames.isDimensionValue(instance.name())) {
      names.add(instance.name());
    }
    if (instance.privateIp() != null) {
      names.add(instance.privateIp());
      names.add("ip-" + instance.privateIp().replace('.', '-'));
    }
    return names;
  }
}
