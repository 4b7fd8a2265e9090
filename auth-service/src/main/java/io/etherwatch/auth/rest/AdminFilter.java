package io.etherwatch.auth.rest;

import io.etherwatch.auth.service.TokenService;
import io.etherwatch.auth.service.UserService;
import io.etherwatch.common.rest.ApiException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * 401 without a valid access token, 403 without the admin role. auth-service checks its own tokens
 * with the same verifier as {@code POST /api/verify}, not through its own JWKS URL.
 */
@Provider
@AdminOnly
@Priority(Priorities.AUTHORIZATION)
public class AdminFilter implements ContainerRequestFilter {
  private final TokenService tokens;

  public AdminFilter(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    TokenService.Verified caller =
        tokens.verify(BearerToken.from(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
    if (!caller.groups().contains(UserService.ADMIN)) {
      throw new ApiException(403, "forbidden", "The admin role is required");
    }
  }
}
