package io.etherwatch.auth.service;

import io.etherwatch.common.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * What a new password must be: 12 to 128 characters, not the username, not on the shipped list of
 * common passwords (Django's, 20,000 entries from breach corpora, compared lowercased).
 */
@ApplicationScoped
public class PasswordPolicy {
  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 128;
  private static final String LIST = "common-passwords.txt.gz";

  private final Set<String> common;

  public PasswordPolicy() {
    this.common = load();
  }

  /** Refuses with 400 and a reason that never repeats the password. */
  public void check(String username, String password) {
    if (password == null || password.isEmpty()) {
      throw ApiException.badRequest("password is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw ApiException.badRequest(
          "password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (username != null && lower.equals(username.toLowerCase(Locale.ROOT))) {
      throw ApiException.badRequest("password must not be the username");
    }
    if (common.contains(lower)) {
      throw ApiException.badRequest("password is on the list of common passwords");
    }
  }

  int size() {
    return common.size();
  }

  private static Set<String> load() {
    InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(LIST);
    if (in == null) {
      throw new IllegalStateException(LIST + " is missing from the classpath");
    }
    Set<String> words = new HashSet<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          words.add(line.strip().toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LIST, e);
    }
    return Set.copyOf(words);
  }
}
