package io.etherwatch.auth.service;

/** The 201 answer of login and refresh (DESIGN section 3), in this field order. */
public record TokenPair(
    String token, String tokenType, long expiresIn, String refreshToken, long refreshExpiresIn) {}
