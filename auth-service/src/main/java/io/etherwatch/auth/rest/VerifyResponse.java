package io.etherwatch.auth.rest;

/** {@code POST /api/verify}: {@code exp} in epoch seconds. */
public record VerifyResponse(boolean valid, String sub, long exp) {}
