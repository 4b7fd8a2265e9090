package io.etherwatch.inventory.rest;

/** Every 4xx/5xx body: a stable code for programs and a sentence for people. */
public record ApiError(String error, String message) {}
