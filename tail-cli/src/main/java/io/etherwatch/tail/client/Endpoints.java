package io.etherwatch.tail.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Where auth-service, push-service and inventory-service are. By default all three behind one
 * origin ({@code --url}, the Ingress routes of DESIGN section 8). Until the console proxies (port
 * 8080 of the local stack), a loopback origin that does not route the auth path is replaced by the
 * services' own local ports of DESIGN section 2 ({@code ETHERWATCH_<PART>_PORT} honoured), for
 * every URL not given explicitly.
 */
public record Endpoints(URI auth, URI push, URI inventory, boolean derived) {

  /**
   * From {@code origin} and the explicit URLs ({@code null} = derive from the origin): push's is
   * the origin's {@code ws(s)://…/ws}.
   */
  public static Endpoints of(URI origin, URI auth, URI push, URI inventory) {
    URI base = trimSlash(origin);
    return new Endpoints(
        auth != null ? trimSlash(auth) : base,
        push != null ? push : websocket(base),
        inventory != null ? trimSlash(inventory) : base,
        auth == null || push == null || inventory == null);
  }

  /**
   * The same with every URL derived from a loopback origin moved to the local defaults; {@code
   * null} when the origin is not loopback (then there is nothing to fall back to).
   */
  public Endpoints localFallback(
      URI origin, URI auth, URI push, URI inventory, Map<String, String> env) {
    if (!isLoopback(origin)) {
      return null;
    }
    String host = origin.getHost();
    URI authDefault = URI.create("http://" + host + ":" + port(env, "AUTH_SERVICE", 8081));
    URI pushDefault = URI.create("ws://" + host + ":" + port(env, "PUSH_SERVICE", 8083) + "/ws");
    URI inventoryDefault =
        URI.create("http://" + host + ":" + port(env, "INVENTORY_SERVICE", 8082));
    return new Endpoints(
        auth != null ? trimSlash(auth) : authDefault,
        push != null ? push : pushDefault,
        inventory != null ? trimSlash(inventory) : inventoryDefault,
        false);
  }

  static URI websocket(URI http) {
    String scheme = "https".equalsIgnoreCase(http.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + http.toString().substring(http.getScheme().length()) + "/ws");
  }

  private static URI trimSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
  }

  private static int port(Map<String, String> env, String part, int fallback) {
    String value = env.get("ETHERWATCH_" + part + "_PORT");
    try {
      return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
