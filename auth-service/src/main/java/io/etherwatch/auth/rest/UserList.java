package io.etherwatch.auth.rest;

import java.util.List;

/** {@code GET /api/users}. */
public record UserList(List<UserView> users) {}
