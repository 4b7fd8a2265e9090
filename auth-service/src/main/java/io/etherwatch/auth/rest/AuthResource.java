package io.etherwatch.auth.rest;

import io.etherwatch.auth.service.ClientAddress;
import io.etherwatch.auth.service.LoginService;
import io.etherwatch.auth.service.RefreshTokens;
import io.etherwatch.auth.service.TokenPair;
import io.etherwatch.auth.service.TokenService;
import io.etherwatch.common.rest.ApiError;
import io.etherwatch.common.rest.ApiException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Login, refresh, logout and token verification (DESIGN section 3). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "tokens", description = "Login, refresh, logout, verification")
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
public class AuthResource {
  /** Longest username a login may send (longer ones are no username: 400). */
  static final int MAX_USERNAME = 256;

  /** Longest password or refresh token a request may send. */
  static final int MAX_PASSWORD = 1024;

  private final LoginService login;
  private final RefreshTokens refreshTokens;
  private final TokenService tokens;
  private final ClientAddress clientAddress;

  public AuthResource(
      LoginService login,
      RefreshTokens refreshTokens,
      TokenService tokens,
      ClientAddress clientAddress) {
    this.login = login;
    this.refreshTokens = refreshTokens;
    this.tokens = tokens;
    this.clientAddress = clientAddress;
  }

  @POST
  @Path("/authenticate")
  @Operation(summary = "Log in: an access token and a refresh token")
  @APIResponse(
      responseCode = "201",
      description = "Logged in",
      content = @Content(schema = @Schema(implementation = TokenPair.class)))
  @APIResponse(
      responseCode = "400",
      description = "Malformed body (never echoed)",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "401",
      description = "Wrong username or password (one answer for both)",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "429",
      description = "Too many failures for this username or client address",
      headers = @Header(name = "Retry-After", description = "seconds to wait"),
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response authenticate(LoginRequest body, @Context HttpServerRequest request) {
    if (body == null
        || body.username() == null
        || body.username().isBlank()
        || body.username().length() > MAX_USERNAME
        || body.password() == null
        || body.password().isEmpty()
        || body.password().length() > MAX_PASSWORD) {
      throw ApiException.badRequest("username and password are required");
    }
    TokenPair pair = login.authenticate(body.username(), body.password(), clientAddress(request));
    return Response.status(Response.Status.CREATED).entity(pair).build();
  }

  @POST
  @Path("/token/refresh")
  @Operation(
      summary = "Spend a refresh token for a new pair (single use; reuse revokes the family)")
  @APIResponse(
      responseCode = "201",
      description = "A new pair",
      content = @Content(schema = @Schema(implementation = TokenPair.class)))
  @APIResponse(
      responseCode = "400",
      description = "Malformed body",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "401",
      description = "Unknown, spent, revoked or expired refresh token",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response refresh(RefreshRequest body) {
    TokenPair pair = refreshTokens.rotate(refreshToken(body));
    return Response.status(Response.Status.CREATED).entity(pair).build();
  }

  @POST
  @Path("/logout")
  @Operation(
      summary = "Revoke the refresh token's family (every token rotated from the same login)")
  @APIResponse(responseCode = "204", description = "Revoked (also when the token was unknown)")
  @APIResponse(
      responseCode = "400",
      description = "Malformed body",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response logout(RefreshRequest body) {
    refreshTokens.logout(refreshToken(body));
    return Response.noContent().build();
  }

  @POST
  @Path("/verify")
  @Consumes(MediaType.WILDCARD)
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Check the access token in Authorization: Bearer")
  @APIResponse(
      responseCode = "200",
      description = "Valid",
      content = @Content(schema = @Schema(implementation = VerifyResponse.class)))
  @APIResponse(
      responseCode = "401",
      description = "Missing, expired or invalid token",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public VerifyResponse verify(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    TokenService.Verified verified = tokens.verify(BearerToken.from(authorization));
    return new VerifyResponse(true, verified.subject(), verified.expiresAt());
  }

  private static String refreshToken(RefreshRequest body) {
    if (body == null
        || body.refreshToken() == null
        || body.refreshToken().isBlank()
        || body.refreshToken().length() > MAX_PASSWORD) {
      throw ApiException.badRequest("refreshToken is required");
    }
    return body.refreshToken();
  }

  /**
   * The client's address: the TCP peer, or the right-most untrusted X-Forwarded-For hop behind
   * trusted proxies ({@link ClientAddress}).
   */
  private String clientAddress(HttpServerRequest request) {
    return clientAddress.of(
        request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
        request.headers().getAll("X-Forwarded-For"));
  }
}
