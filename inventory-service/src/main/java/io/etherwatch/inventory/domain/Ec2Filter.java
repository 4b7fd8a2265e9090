package io.etherwatch.inventory.domain;

/** What {@code GET /api/ec2} narrows the inventory by; a null field does not narrow. */
public record Ec2Filter(String state, String vpcId, String name) {
  public static final Ec2Filter NONE = new Ec2Filter(null, null, null);
}
