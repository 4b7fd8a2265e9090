package io.etherwatch.auth.service;

import java.time.Instant;
import java.util.List;

/** A stored user: roles go to the {@code groups} claim, log-group patterns to {@code lg}. */
public record User(
    String username,
    String passwordHash,
    List<String> roles,
    List<String> logGroups,
    Instant createdAt,
    Instant updatedAt) {}
