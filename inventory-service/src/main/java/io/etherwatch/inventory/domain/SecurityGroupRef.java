package io.etherwatch.inventory.domain;

/** A security group an instance belongs to. */
public record SecurityGroupRef(String groupId, String groupName) {}
