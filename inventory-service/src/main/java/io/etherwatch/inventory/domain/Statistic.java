package io.etherwatch.inventory.domain;

import java.util.Arrays;
import java.util.Optional;

/** The CloudWatch statistics a datapoint can carry, by their AWS names. */
public enum Statistic {
  AVERAGE("Average"),
  SUM("Sum"),
  MINIMUM("Minimum"),
  MAXIMUM("Maximum"),
  SAMPLE_COUNT("SampleCount");

  private final String awsName;

  Statistic(String awsName) {
    this.awsName = awsName;
  }

  public String awsName() {
    return awsName;
  }

  /** The statistic named {@code name} (AWS spelling, case-insensitive). */
  public static Optional<Statistic> of(String name) {
    return Arrays.stream(values()).filter(s -> s.awsName.equalsIgnoreCase(name)).findFirst();
  }
}
