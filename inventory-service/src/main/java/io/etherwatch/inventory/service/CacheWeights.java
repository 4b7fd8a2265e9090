package io.etherwatch.inventory.service;

import io.etherwatch.inventory.domain.Dimension;
import io.etherwatch.inventory.domain.Ec2Instance;
import io.etherwatch.inventory.domain.LogEventPage;
import io.etherwatch.inventory.domain.LogEventView;
import io.etherwatch.inventory.domain.LogGroup;
import io.etherwatch.inventory.domain.LogGroupPage;
import io.etherwatch.inventory.domain.LogStream;
import io.etherwatch.inventory.domain.LogStreamPage;
import io.etherwatch.inventory.domain.MetricRef;
import io.etherwatch.inventory.domain.MetricSeries;
import io.etherwatch.inventory.domain.SecurityGroupRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cached answer costs in heap bytes, estimated from its shape on a 64-bit JVM with
 * compressed references and erring high: an object is {@value #OBJECT} bytes, a boxed number
 * {@value #BOXED}, a string {@value #STRING} plus 2 bytes a character (UTF-16, the worst case of
 * compact strings), a list {@value #LIST} plus a reference a element. A log-event page of 10,000
 * 100-character messages weighs about 4.8 MB; a statistics series of 1,440 datapoints about 210 KB.
 * The estimate exists to bound the cache's memory by configuration ({@code cache-max-bytes}), not
 * to account for every byte.
 */
public final class CacheWeights {
  static final long OBJECT = 32;
  static final long BOXED = 16;
  static final long STRING = 40;
  static final long LIST = 32;
  static final long REFERENCE = 4;

  /** A cache entry's own cost (Caffeine's node, the future, the key wrapper) beside its key. */
  static final long ENTRY = 160;

  private CacheWeights() {}

  /** An entry's overhead and its key, estimated from the key's text. */
  static long entry(Object key) {
    return ENTRY + text(String.valueOf(key));
  }

  static long text(String s) {
    return s == null ? 0 : STRING + 2L * s.length();
  }

  private static long list(List<?> list) {
    return list == null ? 0 : LIST + REFERENCE * list.size();
  }

  public static long groups(LogGroupPage page) {
    long bytes = OBJECT + list(page.logGroups()) + text(page.nextToken());
    for (LogGroup g : page.logGroups()) {
      bytes += OBJECT + text(g.logGroupName()) + text(g.arn()) + 3 * BOXED;
    }
    return bytes;
  }

  public static long streams(LogStreamPage page) {
    long bytes = OBJECT + list(page.logStreams()) + text(page.nextToken());
    for (LogStream s : page.logStreams()) {
      bytes += OBJECT + text(s.logStreamName()) + 5 * BOXED;
    }
    return bytes;
  }

  public static long events(LogEventPage page) {
    long bytes = OBJECT + list(page.events()) + text(page.nextToken());
    for (LogEventView e : page.events()) {
      bytes +=
          OBJECT
              + text(e.eventId())
              + text(e.logGroupName())
              + text(e.logStreamName())
              + text(e.message())
              + 2 * BOXED;
    }
    return bytes;
  }

  public static long series(MetricSeries series) {
    long bytes = OBJECT + text(series.label()) + text(series.unit()) + list(series.datapoints());
    // A datapoint: the record, its Instant, five boxed doubles.
    long datapoint = OBJECT + OBJECT + 5 * BOXED;
    return bytes + datapoint * series.datapoints().size();
  }

  public static long instances(List<Ec2Instance> instances) {
    long bytes = list(instances);
    for (Ec2Instance i : instances) {
      bytes += instance(i);
    }
    return bytes;
  }

  public static long instance(Optional<Ec2Instance> instance) {
    return OBJECT + instance.map(CacheWeights::instance).orElse(0L);
  }

  private static long instance(Ec2Instance i) {
    long bytes =
        OBJECT
            + OBJECT // launch time
            + BOXED
            + text(i.instanceId())
            + text(i.name())
            + text(i.state())
            + text(i.instanceType())
            + text(i.availabilityZone())
            + text(i.vpcId())
            + text(i.subnetId())
            + text(i.privateIp())
            + text(i.publicIp())
            + list(i.securityGroups());
    for (SecurityGroupRef g : i.securityGroups()) {
      bytes += OBJECT + text(g.groupId()) + text(g.groupName());
    }
    // A map entry per tag, and the map's table.
    bytes += OBJECT + REFERENCE * 2L * i.tags().size();
    for (Map.Entry<String, String> tag : i.tags().entrySet()) {
      bytes += OBJECT + text(tag.getKey()) + text(tag.getValue());
    }
    return bytes;
  }

  public static long metrics(List<MetricRef> metrics) {
    long bytes = list(metrics);
    for (MetricRef m : metrics) {
      bytes += OBJECT + text(m.namespace()) + text(m.metricName()) + list(m.dimensions());
      for (Dimension d : m.dimensions()) {
        bytes += OBJECT + text(d.name()) + text(d.value());
      }
    }
    return bytes;
  }
}
