package io.etherwatch.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(19456, 2, new SimpleMeterRegistry());

  @Test
  void hashesWithArgon2idAtTheMinimumCostOrMore() {
    String hash = hasher.hash("a long enough passphrase");

    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
  }

  @Test
  void matchesOnlyTheRightPassword() {
    String hash = hasher.hash("a long enough passphrase");

    assertThat(hasher.matches("a long enough passphrase", hash)).isTrue();
    assertThat(hasher.matches("a long enough passphrasE", hash)).isFalse();
    assertThat(hasher.matchesNobody("a long enough passphrase")).isFalse();
    assertThat(hasher.matches("anything", "plaintext-from-2016")).isFalse();
  }

  @Test
  void saltsEachHash() {
    assertThat(hasher.hash("same passphrase here"))
        .isNotEqualTo(hasher.hash("same passphrase here"));
  }

  @Test
  void refusesCostsBelowTheMinimum() {
    assertThatThrownBy(() -> new PasswordHasher(19455, 2, new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher(19456, 1, new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
