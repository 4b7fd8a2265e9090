package io.etherwatch.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything auth-service reads under {@code etherwatch.auth}. */
@ConfigMapping(prefix = "etherwatch.auth")
public interface AuthConfig {

  /**
   * Path to the PKCS#8 PEM RSA private key that signs access tokens (a file or a mounted Secret).
   */
  Path signingKey();

  /** The {@code kid} of the signing key; default: its RFC 7638 thumbprint. */
  Optional<String> keyId();

  /**
   * PEM public keys of retired signing keys, still served in the JWKS while their tokens live; each
   * entry is {@code path} (kid = thumbprint) or {@code kid=path}.
   */
  Optional<List<String>> previousPublicKeys();

  /** The {@code iss} claim. */
  @WithDefault("etherwatch")
  String issuer();

  /** The {@code aud} claim. */
  @WithDefault("etherwatch-api")
  String audience();

  /** Lifetime of an access token ({@code exp - iat}). */
  @WithDefault("20M")
  Duration accessTokenLifetime();

  /** Absolute lifetime of a refresh family, counted from the login that opened it. */
  @WithDefault("8H")
  Duration refreshTokenLifetime();

  /**
   * Password of the first-start {@code admin} (ETHERWATCH_ADMIN_PASSWORD); unset: generated,
   * printed once.
   */
  Optional<String> adminPassword();

  /** Argon2id cost. */
  Hash hash();

  /** Failed-login throttling. */
  Throttle throttle();

  /** Which address a login comes from, for the per-address throttle. */
  ClientAddress clientAddress();

  /** Argon2id parameters (p is always 1). */
  interface Hash {
    /** Memory in KiB; at least 19456 (19 MiB). */
    @WithDefault("19456")
    int memoryKib();

    /** Passes over memory; at least 2. */
    @WithDefault("2")
    int iterations();
  }

  /** Exponential delay after repeated failures, per username and per client address. */
  interface Throttle {
    /** Failures allowed before the first delay. */
    @WithDefault("5")
    int freeFailures();

    /** The first delay; each further failure doubles it. */
    @WithDefault("1S")
    Duration baseDelay();

    /** The longest delay: never a permanent lockout. */
    @WithDefault("15M")
    Duration maxDelay();

    /** A key with no failure for this long starts again from zero. */
    @WithDefault("1H")
    Duration resetAfter();

    /** At most this many failed attempts per account per hour are ever evaluated. */
    @WithDefault("100")
    int accountFailuresPerHour();

    /**
     * Failed logins evaluated per minute across every username and address, once the burst is
     * spent; past it an attempt waits for the next one, never longer than one interval (60 s /
     * this).
     */
    @WithDefault("30")
    int globalFailuresPerMinute();

    /** Failed logins the service-wide budget admits at once before its rate applies. */
    @WithDefault("50")
    int globalFailureBurst();

    /**
     * A username and client address with a successful login within this time are known: the
     * service-wide budget never slows their attempts down.
     */
    @WithDefault("30D")
    Duration knownClientFor();
  }

  /**
   * The client address of a login: the TCP peer, or, when the peer is a trusted proxy, the
   * right-most {@code X-Forwarded-For} hop that is not one.
   */
  interface ClientAddress {
    /**
     * Proxies whose {@code X-Forwarded-For} is believed: addresses or CIDR ranges (IPv4 and IPv6).
     */
    @WithDefault("127.0.0.1/32,::1/128")
    List<String> trustedProxies();

    /** How many proxies in a row are trusted: at most this many hops are read from the right. */
    @WithDefault("1")
    int trustedHops();

    /** IPv6 clients are counted per network of this prefix length (a /64 is one subscriber). */
    @WithDefault("64")
    int ipv6Prefix();
  }
}
