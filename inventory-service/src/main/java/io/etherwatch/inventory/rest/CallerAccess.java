package io.etherwatch.inventory.rest;

import io.etherwatch.inventory.service.LogGroupAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The log groups the caller's token allows, from its {@code lg} claim. */
@RequestScoped
public class CallerAccess {
  static final String LOG_GROUPS_CLAIM = "lg";

  private final JsonWebToken token;

  CallerAccess(JsonWebToken token) {
    this.token = token;
  }

  public LogGroupAccess logGroups() {
    return LogGroupAccess.of(patterns(token.getClaim(LOG_GROUPS_CLAIM)));
  }

  private static List<String> patterns(Object claim) {
    List<String> patterns = new ArrayList<>();
    if (claim instanceof JsonArray array) {
      for (JsonValue value : array) {
        if (value instanceof JsonString text) {
          patterns.add(text.getString());
        }
      }
    } else if (claim instanceof Collection<?> values) {
      values.forEach(v -> patterns.add(String.valueOf(v)));
    } else if (claim instanceof JsonString text) {
      patterns.add(text.getString());
    } else if (claim instanceof String text) {
      patterns.add(text);
    }
    return patterns;
  }
}
