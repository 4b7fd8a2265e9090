package io.etherwatch.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.common.rest.ApiException;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
  private final PasswordPolicy policy = new PasswordPolicy();

  @Test
  void shipsTheCommonPasswordList() {
    assertThat(policy.size()).isGreaterThan(19_000);
  }

  @Test
  void acceptsTwelveToOneHundredTwentyEightCharacters() {
    assertThatCode(() -> policy.check("alice", "Tr0ub4dor&3x")).doesNotThrowAnyException();
    assertThatCode(() -> policy.check("alice", "é".repeat(128))).doesNotThrowAnyException();
  }

  @Test
  void refusesTooShortAndTooLong() {
    assertRefused("alice", "Tr0ub4dor&3", "12 to 128");
    assertRefused("alice", "x".repeat(129), "12 to 128");
  }

  @Test
  void refusesCommonPasswordsWhateverTheirCase() {
    assertRefused("alice", "qwerty123456", "common");
    assertRefused("alice", "PASSWORD1234", "common");
  }

  @Test
  void refusesTheUsername() {
    assertRefused("alice-the-admin", "Alice-The-Admin", "username");
  }

  private void assertRefused(String user, String password, String reason) {
    assertThatThrownBy(() -> policy.check(user, password))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(reason)
        .hasMessageNotContaining(password)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(400);
  }
}
