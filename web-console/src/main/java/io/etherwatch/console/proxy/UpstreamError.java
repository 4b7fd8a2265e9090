package io.etherwatch.console.proxy;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of the console's own 502, 504 and 404 answers, shaped like every service's errors.
 *
 * @param error {@code upstream_unavailable}, {@code upstream_timeout} or {@code not_found}
 * @param message a sentence naming the part
 */
@JsonPropertyOrder({"error", "message"})
public record UpstreamError(String error, String message) {}
