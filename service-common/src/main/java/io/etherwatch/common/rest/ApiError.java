package io.etherwatch.common.rest;

/** Every 4xx/5xx body of every service: a stable code for programs and a sentence for people. */
public record ApiError(String error, String message) {}
