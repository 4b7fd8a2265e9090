package io.etherwatch.console.proxy;

import java.util.List;

/**
 * One path the console hands to a service, as the Kubernetes Ingress does (DESIGN section 8).
 *
 * @param path a Vert.x Web route path: exact, or ending in {@code /*} for the path and everything
 *     below it, segment by segment as the Ingress' Prefix paths match ({@code /api/users/*} takes
 *     {@code /api/users} and {@code /api/users/alice}, never {@code /api/usersx})
 * @param part which service: {@link #AUTH}, {@link #INVENTORY} or {@link #PUSH}
 */
public record ProxyRoute(String path, String part) {

  public static final String AUTH = "auth-service";
  public static final String INVENTORY = "inventory-service";
  public static final String PUSH = "push-service";

  /**
   * The routing table, in the order of DESIGN section 8; what no route takes falls to the front end
   * (under {@code /api/}, a JSON 404).
   */
  public static final List<ProxyRoute> TABLE =
      List.of(
          new ProxyRoute("/api/authenticate", AUTH),
          new ProxyRoute("/api/token/*", AUTH),
          new ProxyRoute("/api/logout", AUTH),
          new ProxyRoute("/api/verify", AUTH),
          new ProxyRoute("/api/users/*", AUTH),
          new ProxyRoute("/api/ec2/*", INVENTORY),
          new ProxyRoute("/api/metrics/*", INVENTORY),
          new ProxyRoute("/api/log/*", INVENTORY),
          new ProxyRoute("/api/stream", PUSH),
          new ProxyRoute("/ws", PUSH));
}
