package io.etherwatch.inventory.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.common.rest.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageTokensTest {
  private final String query = PageTokens.query("streams", "/var/log/messages", null, false);

  @Test
  void aTokenComesBackAsAwsGaveIt() {
    String aws = "/var/log/messages@host/i-1/tcp-in ✓";
    assertThat(PageTokens.unwrap(query, PageTokens.wrap(query, aws))).isEqualTo(aws);
  }

  @Test
  void noTokenIsNoToken() {
    assertThat(PageTokens.wrap(query, null)).isNull();
    assertThat(PageTokens.wrap(query, "")).isNull();
    assertThat(PageTokens.unwrap(query, null)).isNull();
    assertThat(PageTokens.unwrap(query, "")).isNull();
  }

  @Test
  void aTokenOfAnotherQueryIsRefused() {
    String token = PageTokens.wrap(query, "aws-token");
    String other = PageTokens.query("streams", "/var/log/secure", null, false);
    assertThatThrownBy(() -> PageTokens.unwrap(other, token))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    // Parts are separated, so moving text between them makes another query.
    assertThat(PageTokens.query("a", "b/c")).isNotEqualTo(PageTokens.query("a/b", "c"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "v1.", "v1..", "v1.Zm9v", "v1.Zm9v.AAAA", "v1.!!.!!", " "})
  void aTokenThisServiceDidNotGiveIsRefused(String token) {
    assertThatThrownBy(() -> PageTokens.unwrap(query, token))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).contains("nextToken");
            });
  }

  @Test
  void aChangedTokenIsRefused() {
    String token = PageTokens.wrap(query, "aws-token-1");
    String changed = PageTokens.wrap(query, "aws-token-2");
    String spliced =
        changed.substring(0, changed.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
    assertThatThrownBy(() -> PageTokens.unwrap(query, spliced)).isInstanceOf(ApiException.class);
  }

  @Test
  void anOverlongTokenIsRefused() {
    assertThatThrownBy(() -> PageTokens.unwrap(query, "v1." + "A".repeat(PageTokens.MAX_LENGTH)))
        .isInstanceOf(ApiException.class);
  }
}
