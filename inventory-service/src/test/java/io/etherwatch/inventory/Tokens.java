package io.etherwatch.inventory;

import io.etherwatch.testsupport.TestTokens;
import java.util.List;
import java.util.Set;

/** Access tokens for the roles the tests play. */
public final class Tokens {
  private Tokens() {}

  public static String viewer(String... logGroupPatterns) {
    return TestTokens.token("vera", Set.of("viewer"), List.of(logGroupPatterns));
  }

  public static String admin() {
    return TestTokens.token("ada", Set.of("admin"), List.of("*"));
  }
}
