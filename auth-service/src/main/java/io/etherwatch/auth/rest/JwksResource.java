package io.etherwatch.auth.rest;

import io.etherwatch.auth.service.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public keys other services verify access tokens with. */
@Path("/.well-known/jwks.json")
@Tag(name = "tokens")
public class JwksResource {
  private static final int MAX_AGE_SECONDS = 300;

  private final SigningKeys keys;

  public JwksResource(SigningKeys keys) {
    this.keys = keys;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "JWKS: the current signing key and the retired ones still valid")
  @APIResponse(
      responseCode = "200",
      description =
          "{\"keys\":[{\"kty\":\"RSA\",\"kid\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\",\"e\"}]}")
  public Response jwks() {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(MAX_AGE_SECONDS);
    return Response.ok(keys.jwks()).cacheControl(cache).build();
  }
}
