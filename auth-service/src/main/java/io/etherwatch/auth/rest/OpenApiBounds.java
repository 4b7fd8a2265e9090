package io.etherwatch.auth.rest;

import io.etherwatch.auth.service.PasswordPolicy;
import io.etherwatch.auth.service.UserService;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Writes the bounds the code enforces into the OpenAPI document, taken from the constants that
 * enforce them (one rule, one place): lengths, the username syntax, the role names, the log-group
 * limits. A client generated from the document, or a fuzzer, then sends requests that reach the
 * logic. Registered by {@code mp.openapi.filter}.
 */
public class OpenApiBounds implements OASFilter {
  /** A log-group pattern: no control characters (ECMA-262 syntax, as JSON Schema wants). */
  private static final String NO_CONTROL = "^[^\\x00-\\x1f\\x7f]*$";

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    Map<String, Schema> schemas = openApi.getComponents().getSchemas();
    text(property(schemas, "LoginRequest", "username"), 1, AuthResource.MAX_USERNAME, null);
    text(property(schemas, "LoginRequest", "password"), 1, AuthResource.MAX_PASSWORD, null);
    text(property(schemas, "RefreshRequest", "refreshToken"), 1, AuthResource.MAX_PASSWORD, null);
    text(
        property(schemas, "CreateUserRequest", "username"),
        1,
        UserService.MAX_USERNAME,
        "^" + UserService.USERNAME_SYNTAX + "$");
    for (String request : List.of("CreateUserRequest", "UpdateUserRequest")) {
      text(
          property(schemas, request, "password"),
          PasswordPolicy.MIN_LENGTH,
          PasswordPolicy.MAX_LENGTH,
          null);
      Schema roles = property(schemas, request, "roles");
      roles.setMinItems(1);
      roles.setMaxItems(UserService.MAX_ROLES);
      items(roles).setEnumeration(List.copyOf(UserService.ROLES.stream().sorted().toList()));
      Schema logGroups = property(schemas, request, "logGroups");
      logGroups.setMaxItems(UserService.MAX_PATTERNS);
      text(items(logGroups), 1, UserService.MAX_PATTERN_LENGTH, NO_CONTROL);
    }
    PathItem user = openApi.getPaths().getPathItem("/api/users/{username}");
    user.getOperations()
        .values()
        .forEach(
            operation ->
                operation.getParameters().stream()
                    .filter(p -> "username".equals(p.getName()))
                    .forEach(
                        p ->
                            text(
                                p.getSchema(),
                                1,
                                UserService.MAX_USERNAME,
                                "^" + UserService.USERNAME_SYNTAX + "$")));
  }

  private static Schema property(Map<String, Schema> schemas, String schema, String property) {
    Schema found = schemas.get(schema).getProperties().get(property);
    if (found == null) {
      throw new IllegalStateException("OpenAPI schema " + schema + " has no " + property);
    }
    return found;
  }

  private static Schema items(Schema array) {
    if (array.getItems() == null) {
      array.setItems(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }
    return array.getItems();
  }

  private static void text(Schema schema, int min, int max, String pattern) {
    schema.setMinLength(min);
    schema.setMaxLength(max);
    if (pattern != null) {
      schema.setPattern(pattern);
    }
  }
}
