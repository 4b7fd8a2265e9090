package io.etherwatch.inventory.rest;

/**
 * The text rules the OpenAPI document states for parameters and body fields, as regular
 * expressions; the code checks the same rules (service's {@code LogNames}, {@code MetricNames},
 * {@code RequestParams}) and answers 400 when they are broken.
 */
final class ApiPatterns {
  /** Printable ASCII, CloudWatch's alphabet for metric names. */
  static final String ASCII = "^[ -~]+$";

  /** Printable ASCII not starting with ':' (namespaces, dimension names). */
  static final String ASCII_NO_LEADING_COLON = "^[ -9;-~][ -~]*$";

  /** EC2's instance id form. */
  static final String INSTANCE_ID = "^i-([0-9a-f]{8}|[0-9a-f]{17})$";

  /** CloudWatch Logs' group name rule (CreateLogGroup). */
  static final String GROUP = "^[._/#A-Za-z0-9-]{1,512}$";

  /** Epoch milliseconds, or an ISO-8601 instant in UTC. */
  static final String TIME =
      "^([0-9]{1,15}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z)$";

  /** A page token as the service hands them out ({@code PageTokens}): base64url parts. */
  static final String PAGE_TOKEN = "^v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$";

  private ApiPatterns() {}
}
