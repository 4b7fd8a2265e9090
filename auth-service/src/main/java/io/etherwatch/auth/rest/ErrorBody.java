package io.etherwatch.auth.rest;

/** Every 4xx/5xx body: {@code {"error":"<code>","message":"<human text>"}}. */
public record ErrorBody(String error, String message) {}
