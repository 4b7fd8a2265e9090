package io.etherwatch.ingest.service;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Why a group's last poll failed: {@code reason} is a short code ({@code aws-access-denied}, {@code
 * aws-error}, {@code kafka-refused}, {@code topic-unusable}, {@code timestamp-out-of-range}), the
 * message says more; {@code failures} in a row, since and next attempt in epoch milliseconds.
 */
@JsonPropertyOrder({"reason", "message", "failures", "since", "retryAt"})
public record GroupFailure(String reason, String message, int failures, long since, long retryAt) {}
