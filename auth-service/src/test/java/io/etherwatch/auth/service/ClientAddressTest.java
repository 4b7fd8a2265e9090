package io.etherwatch.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  private static final List<String> LOOPBACK = List.of("127.0.0.1/32", "::1/128");
  private final ClientAddress oneProxy = new ClientAddress(LOOPBACK, 1, 64);

  @Test
  void aPeerThatIsNoTrustedProxyIsTheClientWhateverItWrites() {
    assertThat(oneProxy.of("192.0.2.7", List.of("10.1.1.1"))).isEqualTo("192.0.2.7");
  }

  @Test
  void behindATrustedProxyTheRightMostHopIsTheClient() {
    // An appending proxy (AWS ALB, nginx $proxy_add_x_forwarded_for) puts what it saw last.
    assertThat(oneProxy.of("127.0.0.1", List.of("6.6.6.6, 198.51.100.4")))
        .isEqualTo("198.51.100.4");
    assertThat(oneProxy.of("127.0.0.1", List.of("6.6.6.6", "198.51.100.4")))
        .isEqualTo("198.51.100.4");
    assertThat(oneProxy.of("127.0.0.1", List.of("198.51.100.4"))).isEqualTo("198.51.100.4");
    assertThat(oneProxy.of("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
  }

  @Test
  void readsOnlyAsManyHopsAsProxiesAreTrusted() {
    ClientAddress twoProxies = new ClientAddress(List.of("127.0.0.1", "10.0.0.0/8"), 2, 64);
    // client -> ALB (10.0.0.5) -> ingress (127.0.0.1) -> auth-service
    assertThat(twoProxies.of("127.0.0.1", List.of("6.6.6.6, 203.0.113.9, 10.0.0.5")))
        .isEqualTo("203.0.113.9");
    // Only one trusted proxy in front: the hop it appended, however the client padded it.
    assertThat(oneProxy.of("127.0.0.1", List.of("10.0.0.5, 6.6.6.6, 203.0.113.9")))
        .isEqualTo("203.0.113.9");
    // The right-most untrusted hop, even within the hop count.
    assertThat(twoProxies.of("127.0.0.1", List.of("6.6.6.6, 203.0.113.9")))
        .isEqualTo("203.0.113.9");
    assertThat(new ClientAddress(LOOPBACK, 0, 64).of("127.0.0.1", List.of("203.0.113.9")))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void aHopThatIsNoAddressLeavesTheLastKnownOne() {
    assertThat(oneProxy.of("127.0.0.1", List.of("unknown"))).isEqualTo("127.0.0.1");
    assertThat(oneProxy.of("127.0.0.1", List.of("example.com"))).isEqualTo("127.0.0.1");
    assertThat(oneProxy.of("127.0.0.1", List.of("1.2.3.4\u0000"))).isEqualTo("127.0.0.1");
    assertThat(oneProxy.of("127.0.0.1", List.of(" , "))).isEqualTo("127.0.0.1");
    assertThat(oneProxy.of("127.0.0.1", List.of("x".repeat(10_000)))).isEqualTo("127.0.0.1");
    assertThat(oneProxy.of(null, List.of("203.0.113.9"))).isEqualTo("unknown");
  }

  @Test
  void acceptsPortsAndBrackets() {
    assertThat(oneProxy.of("127.0.0.1", List.of("203.0.113.9:4711"))).isEqualTo("203.0.113.9");
    assertThat(oneProxy.of("::1", List.of("[2001:db8::1]:443")))
        .isEqualTo("2001:db8:0:0:0:0:0:0/64");
  }

  @Test
  void keysIpv6ByItsSlash64AndMappedIpv4AsIpv4() {
    assertThat(oneProxy.of("2001:db8:1:2:aaaa::1", List.of()))
        .isEqualTo(oneProxy.of("2001:db8:1:2:ffff:ffff:ffff:ffff", List.of()))
        .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(oneProxy.of("2001:db8:1:3::1", List.of())).isEqualTo("2001:db8:1:3:0:0:0:0/64");
    assertThat(oneProxy.of("::ffff:192.0.2.1", List.of())).isEqualTo("192.0.2.1");
  }

  @Test
  void refusesATrustedProxyThatIsNoRange() {
    assertThatThrownBy(() -> new ClientAddress(List.of("proxy.example"), 1, 64))
        .hasMessageContaining("proxy.example");
    assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"), 1, 64))
        .hasMessageContaining("10.0.0.0/33");
  }
}
