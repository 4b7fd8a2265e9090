package io.etherwatch.auth.service;

import io.etherwatch.auth.config.AuthConfig;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The address a login is counted against (config {@code etherwatch.auth.client-address.*}).
 *
 * <p>Every proxy appends the address it saw to {@code X-Forwarded-For}, after whatever the client
 * wrote there, so only hops read from the right are trustworthy: starting from the TCP peer, while
 * the current address is a trusted proxy and at most {@code trusted-hops} times, the next hop from
 * the right replaces it. The left-most value, which the client controls, is never read unless every
 * hop to its right is a trusted proxy. IPv6 addresses are cut to their {@code ipv6-prefix} network
 * (one subscriber owns a whole /64), IPv4-mapped IPv6 addresses count as IPv4.
 */
@ApplicationScoped
public class ClientAddress {
  private final List<IpSubnetFilterRule> trusted;
  private final int trustedHops;
  private final int ipv6Prefix;

  @Inject
  public ClientAddress(AuthConfig config) {
    this(
        config.clientAddress().trustedProxies(),
        config.clientAddress().trustedHops(),
        config.clientAddress().ipv6Prefix());
  }

  ClientAddress(List<String> trustedProxies, int trustedHops, int ipv6Prefix) {
    this.trusted = trustedProxies.stream().map(ClientAddress::range).toList();
    if (trustedHops < 0) {
      throw new IllegalArgumentException(
          "etherwatch.auth.client-address.trusted-hops must be >= 0");
    }
    if (ipv6Prefix < 1 || ipv6Prefix > 128) {
      throw new IllegalArgumentException(
          "etherwatch.auth.client-address.ipv6-prefix must be 1 to 128");
    }
    this.trustedHops = trustedHops;
    this.ipv6Prefix = ipv6Prefix;
  }

  /**
   * The client's address as text, an IPv6 one as its network ({@code 2001:db8:1:2:0:0:0:0/64}).
   *
   * @param peer the TCP peer's address literal; anything else counts as one address, {@code
   *     unknown}
   * @param forwardedFor every {@code X-Forwarded-For} header, in order; each a comma list of hops
   */
  public String of(String peer, List<String> forwardedFor) {
    InetAddress client = literal(peer);
    if (client == null) {
      return "unknown";
    }
    List<String> hops = hops(forwardedFor);
    int next = hops.size() - 1;
    int read = 0;
    while (next >= 0 && read < trustedHops && trusted(client)) {
      InetAddress hop = literal(hops.get(next));
      if (hop == null) {
        // A hop that is no address: the last address known stands.
        break;
      }
      client = hop;
      next--;
      read++;
    }
    return key(client);
  }

  private boolean trusted(InetAddress address) {
    InetSocketAddress socket = new InetSocketAddress(address, 0);
    return trusted.stream().anyMatch(rule -> rule.matches(socket));
  }

  private String key(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    for (int bit = ipv6Prefix; bit < 128; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    try {
      return InetAddress.getByAddress(bytes).getHostAddress() + "/" + ipv6Prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are an IPv6 address", e);
    }
  }

  private static List<String> hops(List<String> headers) {
    List<String> hops = new ArrayList<>();
    if (headers != null) {
      for (String header : headers) {
        for (String hop : header.split(",", -1)) {
          hops.add(hop.strip());
        }
      }
    }
    return hops;
  }

  /**
   * An IP address literal, with an optional port ({@code 192.0.2.1:80}, {@code [2001:db8::1]:80})
   * or brackets; null for anything else (names are never resolved).
   */
  static InetAddress literal(String text) {
    if (text == null || text.isEmpty() || text.length() > 64) {
      return null;
    }
    String address = text;
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      if (end < 0) {
        return null;
      }
      address = address.substring(1, end);
    } else if (address.indexOf(':') > 0 && address.indexOf(':') == address.lastIndexOf(':')) {
      address = address.substring(0, address.indexOf(':'));
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return null;
    }
    try {
      // An IPv4-mapped IPv6 address comes back as the IPv4 address.
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static IpSubnetFilterRule range(String entry) {
    String text = entry.strip();
    int slash = text.indexOf('/');
    InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException(
          "etherwatch.auth.client-address.trusted-proxies: '" + entry + "' is not an address");
    }
    int max = address instanceof Inet6Address ? 128 : 32;
    int prefix;
    try {
      prefix = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > max) {
      throw new IllegalArgumentException(
          "etherwatch.auth.client-address.trusted-proxies: '" + entry + "' has a bad prefix");
    }
    return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
  }
}
