package io.etherwatch.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.Key;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Another service's view: it knows only the JWKS URL, pins RS256 and checks iss, aud and exp (the
 * snippet in README.md). Every forged token is refused both by it and by {@code POST /api/verify}.
 */
@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SecondVerifierTest {

  @TestHTTPResource("/.well-known/jwks.json")
  URL jwksUrl;

  private JwtConsumer verifier;

  @BeforeEach
  void verifierFromJwksUrl() {
    verifier =
        new JwtConsumerBuilder()
            .setVerificationKeyResolver(
                new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwksUrl.toString())))
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
            .setExpectedIssuer("etherwatch")
            .setExpectedAudience("etherwatch-api")
            .setRequireExpirationTime()
            .build();
  }

  @Test
  void jwksServesCurrentAndRetiredKey() {
    given()
        .get("/.well-known/jwks.json")
        .then()
        .statusCode(200)
        .body(
            "keys.kid",
            org.hamcrest.Matchers.contains(AuthTestEnv.KEY_ID, AuthTestEnv.PREVIOUS_KEY_ID))
        .body("keys.alg", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("RS256")))
        .body("keys.kty", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("RSA")));
  }

  @Test
  void acceptsAnIssuedToken() throws Exception {
    String user = Api.newUsername("erin");
    String password = Api.createUser(user, List.of("viewer"));
    String token = Api.login(user, password, Api.newAddress()).then().extract().path("token");

    JwtClaims claims = verifier.processToClaims(token);

    assertThat(claims.getSubject()).isEqualTo(user);
    assertThat(claims.getStringListClaimValue("groups")).containsExactly("viewer");
  }

  @Test
  void acceptsTokenOfTheRetiredKeyDuringRotation() throws Exception {
    String token =
        sign(
            claims("etherwatch", "etherwatch-api", 0),
            AuthTestEnv.previous().getPrivate(),
            AuthTestEnv.PREVIOUS_KEY_ID,
            AlgorithmIdentifiers.RSA_USING_SHA256);

    assertThat(verifier.processToClaims(token).getSubject()).isEqualTo("rotated");
    Api.verify(token).then().statusCode(200);
  }

  @Test
  void rejectsExpiredToken() throws Exception {
    assertRejected(signCurrent(claims("etherwatch", "etherwatch-api", -3600)));
  }

  @Test
  void rejectsTokenSignedWithOtherKey() throws Exception {
    assertRejected(
        sign(
            claims("etherwatch", "etherwatch-api", 0),
            AuthTestEnv.stranger().getPrivate(),
            AuthTestEnv.KEY_ID,
            AlgorithmIdentifiers.RSA_USING_SHA256));
  }

  @Test
  void rejectsAlgNone() throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims("etherwatch", "etherwatch-api", 0).toJson());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
    jws.setKeyIdHeaderValue(AuthTestEnv.KEY_ID);
    jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
    String token = jws.getCompactSerialization();
    assertThat(token).endsWith(".");

    assertRejected(token);
  }

  @Test
  void rejectsHs256SignedWithThePublicKey() throws Exception {
    byte[] publicPem = Files.readAllBytes(AuthTestEnv.currentPublicPem());
    byte[] currentPublicDer = AuthTestEnv.current().getPublic().getEncoded();
    for (byte[] secret : List.of(publicPem, currentPublicDer)) {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims("etherwatch", "etherwatch-api", 0).toJson());
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
      jws.setKeyIdHeaderValue(AuthTestEnv.KEY_ID);
      jws.setKey(new HmacKey(secret));
      assertRejected(jws.getCompactSerialization());
    }
  }

  @Test
  void rejectsWrongIssuer() throws Exception {
    assertRejected(signCurrent(claims("someone-else", "etherwatch-api", 0)));
  }

  @Test
  void rejectsWrongAudience() throws Exception {
    assertRejected(signCurrent(claims("etherwatch", "another-api", 0)));
  }

  @Test
  void rejectsTamperedPayload() throws Exception {
    String user = Api.newUsername("frank");
    String password = Api.createUser(user, List.of("viewer"));
    String token = Api.login(user, password, Api.newAddress()).then().extract().path("token");
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String promoted = payload.replace("[\"viewer\"]", "[\"viewer\",\"admin\"]");
    assertThat(promoted).isNotEqualTo(payload);
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(promoted.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertRejected(forged);
  }

  private void assertRejected(String token) {
    assertThatThrownBy(() -> verifier.processToClaims(token))
        .isInstanceOf(InvalidJwtException.class);
    Api.verify(token)
        .then()
        .statusCode(401)
        .body("error", org.hamcrest.Matchers.equalTo("invalid_token"));
  }

  /** Claims shaped like the service's, issued {@code shiftSeconds} from now. */
  private static JwtClaims claims(String issuer, String audience, long shiftSeconds) {
    long now = System.currentTimeMillis() / 1000 + shiftSeconds;
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setSubject("rotated");
    claims.setClaim("upn", "rotated");
    claims.setStringListClaim("groups", List.of("viewer"));
    claims.setStringListClaim("lg", List.of("*"));
    claims.setIssuedAt(NumericDate.fromSeconds(now));
    claims.setExpirationTime(NumericDate.fromSeconds(now + 1200));
    claims.setJwtId(UUID.randomUUID().toString());
    return claims;
  }

  private static String signCurrent(JwtClaims claims) throws Exception {
    return sign(
        claims,
        AuthTestEnv.current().getPrivate(),
        AuthTestEnv.KEY_ID,
        AlgorithmIdentifiers.RSA_USING_SHA256);
  }

  private static String sign(JwtClaims claims, Key key, String kid, String alg) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key);
    jws.setKeyIdHeaderValue(kid);
    jws.setAlgorithmHeaderValue(alg);
    return jws.getCompactSerialization();
  }
}
