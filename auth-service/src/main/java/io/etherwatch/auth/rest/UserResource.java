package io.etherwatch.auth.rest;

import io.etherwatch.auth.service.UserService;
import io.etherwatch.common.rest.ApiError;
import io.etherwatch.common.rest.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Users CRUD for the {@code admin} role. */
@Path("/api/users")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@Tag(name = "users", description = "User management (role admin)")
@APIResponse(
    responseCode = "401",
    description = "No valid access token",
    content = @Content(schema = @Schema(implementation = ApiError.class)))
@APIResponse(
    responseCode = "403",
    description = "The caller is not admin",
    content = @Content(schema = @Schema(implementation = ApiError.class)))
public class UserResource {
  private final UserService users;

  public UserResource(UserService users) {
    this.users = users;
  }

  @GET
  @Operation(summary = "Every user")
  @APIResponse(
      responseCode = "200",
      description = "The users",
      content = @Content(schema = @Schema(implementation = UserList.class)))
  public UserList list() {
    return new UserList(users.list().stream().map(UserView::of).toList());
  }

  @POST
  @Operation(summary = "Create a user (password 12-128 characters, not a common one)")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = UserView.class)))
  @APIResponse(
      responseCode = "400",
      description = "Bad field or refused password (never echoed)",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "409",
      description = "The username is taken (in any case)",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response create(CreateUserRequest body) {
    if (body == null) {
      throw ApiException.badRequest("a user is required");
    }
    UserView created =
        UserView.of(users.create(body.username(), body.password(), body.roles(), body.logGroups()));
    return Response.created(UriBuilder.fromPath("/api/users/{u}").build(created.username()))
        .entity(created)
        .build();
  }

  @GET
  @Path("/{username}")
  @Operation(summary = "One user")
  @APIResponse(
      responseCode = "200",
      description = "The user",
      content = @Content(schema = @Schema(implementation = UserView.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such user",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public UserView get(@PathParam("username") String username) {
    return UserView.of(users.get(username));
  }

  @PUT
  @Path("/{username}")
  @Operation(
      summary = "Change password, roles or log groups; a new password ends the user's sessions")
  @APIResponse(
      responseCode = "200",
      description = "Changed",
      content = @Content(schema = @Schema(implementation = UserView.class)))
  @APIResponse(
      responseCode = "400",
      description = "Bad field or refused password (never echoed)",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such user",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "409",
      description = "Would demote the last admin",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public UserView update(@PathParam("username") String username, UpdateUserRequest body) {
    if (body == null) {
      throw ApiException.badRequest("a change is required");
    }
    return UserView.of(users.update(username, body.password(), body.roles(), body.logGroups()));
  }

  @DELETE
  @Path("/{username}")
  @Operation(summary = "Delete a user and end their sessions")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(
      responseCode = "404",
      description = "No such user",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "409",
      description = "Would delete the last admin",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Response delete(@PathParam("username") String username) {
    users.delete(username);
    return Response.noContent().build();
  }
}
