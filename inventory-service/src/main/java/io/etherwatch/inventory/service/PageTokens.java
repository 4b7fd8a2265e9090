package io.etherwatch.inventory.service;

import io.etherwatch.common.rest.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code nextToken}s handed to clients: AWS's own token wrapped with a check of the query it
 * continues, {@code v1.<base64url(AWS token)>.<base64url(first 12 bytes of SHA-256(query, AWS
 * token))>}. A token that is not one of these, or that belongs to another query (another group,
 * prefix, order, stream set, range or pattern), is a 400 instead of reaching AWS: moto answers an
 * unknown token with an empty last page, which a client would take for the end of the list. The
 * check is not a secret: a forged token only reaches AWS, which checks its own part, and every page
 * is still filtered by the caller's {@code lg}.
 */
final class PageTokens {
  static final int MAX_LENGTH = 8192;
  private static final String VERSION = "v1.";
  private static final int CHECK_BYTES = 12;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private PageTokens() {}

  /** The client's token for AWS's {@code awsToken} of {@code query}; null stays null. */
  static String wrap(String query, String awsToken) {
    if (awsToken == null || awsToken.isEmpty()) {
      return null;
    }
    return VERSION
        + ENCODER.encodeToString(awsToken.getBytes(StandardCharsets.UTF_8))
        + "."
        + ENCODER.encodeToString(check(query, awsToken));
  }

  /**
   * AWS's token inside the client's {@code token} for {@code query}; null for no token (null or
   * empty); 400 for a token this service did not give for this query.
   */
  static String unwrap(String query, String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    String awsToken = awsToken(token);
    if (awsToken == null || !MessageDigest.isEqual(check(query, awsToken), checkPart(token))) {
      throw ApiException.badRequest(
          "nextToken is not one this service gave for this query: pass back the nextToken of the"
              + " previous page unchanged, with the same parameters, or start without nextToken");
    }
    return awsToken;
  }

  /** The query a token is bound to, from its parts. */
  static String query(Object... parts) {
    StringBuilder query = new StringBuilder();
    for (Object part : parts) {
      // A separator no name may hold, so that ("a", "b/c") and ("a/b", "c") differ.
      query.append(part).append('\u0000');
    }
    return query.toString();
  }

  private static String awsToken(String token) {
    if (token.length() > MAX_LENGTH || !token.startsWith(VERSION)) {
      return null;
    }
    int dot = token.indexOf('.', VERSION.length());
    if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
      return null;
    }
    try {
      byte[] bytes = DECODER.decode(token.substring(VERSION.length(), dot));
      return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] checkPart(String token) {
    try {
      return DECODER.decode(token.substring(token.lastIndexOf('.') + 1));
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private static byte[] check(String query, String awsToken) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(query.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      byte[] digest = sha256.digest(awsToken.getBytes(StandardCharsets.UTF_8));
      byte[] check = new byte[CHECK_BYTES];
      System.arraycopy(digest, 0, check, 0, CHECK_BYTES);
      return check;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
