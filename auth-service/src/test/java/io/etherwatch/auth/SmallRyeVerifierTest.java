package io.etherwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.net.URL;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README snippet as the other services run it: smallrye-jwt's parser with {@code
 * mp.jwt.verify.publickey.location} = the JWKS URL, algorithm RS256, issuer and audience.
 */
@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SmallRyeVerifierTest {

  @TestHTTPResource("/.well-known/jwks.json")
  URL jwksUrl;

  private DefaultJWTParser parser;

  @BeforeEach
  void parserAsConfiguredByTheSnippet() {
    JWTAuthContextInfo info = new JWTAuthContextInfo();
    info.setPublicKeyLocation(jwksUrl.toString());
    info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
    info.setIssuedBy("etherwatch");
    info.setExpectedAudience(Set.of("etherwatch-api"));
    parser = new DefaultJWTParser(info);
  }

  @Test
  void readsRolesAndLogGroupsOfAnIssuedToken() throws Exception {
    String user = Api.newUsername("quinn");
    String password = Api.createUser(user, List.of("viewer", "operator"));
    String token = Api.login(user, password, Api.newAddress()).then().extract().path("token");

    JsonWebToken jwt = parser.parse(token);

    assertThat(jwt.getName()).isEqualTo(user);
    assertThat(jwt.getGroups()).containsExactlyInAnyOrder("viewer", "operator");
    assertThat(jwt.getExpirationTime() - jwt.getIssuedAtTime()).isEqualTo(1200);
    assertThat(jwt.<Object>getClaim("lg").toString()).contains("app/*");
  }

  @Test
  void refusesWhatTheSnippetMustRefuse() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    // The control: built the same way with the right claims, it passes.
    assertThat(
            parser.parse(signed("etherwatch", "etherwatch-api", now, AuthTestEnv.KEY_ID)).getName())
        .isEqualTo("mallory");
    assertRefused(signed("etherwatch", "etherwatch-api", now - 3600, AuthTestEnv.KEY_ID));
    assertRefused(signed("etherwatch", "another-api", now, AuthTestEnv.KEY_ID));
    assertRefused(signed("someone-else", "etherwatch-api", now, AuthTestEnv.KEY_ID));
  }

  private void assertRefused(String token) {
    assertThatThrownBy(() -> parser.parse(token)).isInstanceOf(ParseException.class);
  }

  private static String signed(String issuer, String audience, long issuedAt, String kid)
      throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setSubject("mallory");
    claims.setClaim("upn", "mallory");
    claims.setStringListClaim("groups", List.of("admin"));
    claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
    claims.setExpirationTime(NumericDate.fromSeconds(issuedAt + 1200));
    claims.setGeneratedJwtId();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(AuthTestEnv.current().getPrivate());
    jws.setKeyIdHeaderValue(kid);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }
}
