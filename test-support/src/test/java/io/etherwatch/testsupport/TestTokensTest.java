package io.etherwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

class TestTokensTest {

  @Test
  void tokenVerifiesAgainstTheJwksFileWithPinnedIssuerAndAudience() throws Exception {
    String token = TestTokens.token("alice", Set.of("viewer"), List.of("etherwatch/*"));
    JsonWebKeySet jwks = new JsonWebKeySet(Files.readString(TestTokens.jwksFile()));

    JwtClaims claims =
        new JwtConsumerBuilder()
            .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
            .setExpectedIssuer(TestTokens.ISSUER)
            .setExpectedAudience(TestTokens.AUDIENCE)
            .setRequireExpirationTime()
            .build()
            .processToClaims(token);

    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getStringListClaimValue("groups")).containsExactly("viewer");
    assertThat(claims.getStringListClaimValue("lg")).containsExactly("etherwatch/*");
    assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
        .isEqualTo(1200);
  }
}
