package io.etherwatch.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A CloudWatch Logs stand-in (JSON protocol) with one log group holding a backlog of {@code total}
 * events of about 200 bytes, {@code perMilli} per millisecond over {@code streams} streams: it
 * costs the pipeline what AWS would, without moto's own limits, so the service's own throughput
 * shows.
 */
final class SyntheticLogsServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILLER = "x".repeat(200);
  private static final int PAGE = 10_000;

  private final String group;
  private final long total;
  private final int perMilli;
  private final int streams;
  private final long base;
  private final HttpServer server;
  final AtomicLong filterCalls = new AtomicLong();
  private final Map<Long, byte[]> pages = new HashMap<>();

  SyntheticLogsServer(String group, long total, int perMilli, int streams) throws IOException {
    this.group = group;
    this.total = total;
    this.perMilli = perMilli;
    this.streams = streams;
    this.base = System.currentTimeMillis() - 60_000;
    // Pages are made before the service starts, so the measurement is the pipeline's cost, not
    // ours.
    for (long first = 0; first < total; first += PAGE) {
      pages.put(first, page(first, PAGE).getBytes(StandardCharsets.UTF_8));
    }
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    JsonNode request = JSON.readTree(exchange.getRequestBody());
    String body = null;
    byte[] bytes = null;
    if (target != null && target.endsWith("DescribeLogGroups")) {
      body =
          "{\"logGroups\":[{\"logGroupName\":\""
              + group
              + "\",\"creationTime\":"
              + base
              + ",\"arn\":\"arn:aws:logs:us-east-1:000000000000:log-group:"
              + group
              + "\"}]}";
    } else if (target != null && target.endsWith("FilterLogEvents")) {
      filterCalls.incrementAndGet();
      bytes = page(request);
    } else {
      body = "{}";
    }
    if (bytes == null) {
      bytes = body.getBytes(StandardCharsets.UTF_8);
    }
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private byte[] page(JsonNode request) {
    long startTime = request.path("startTime").asLong(0);
    int limit = request.path("limit").asInt(PAGE);
    long first =
        request.hasNonNull("nextToken")
            ? Long.parseLong(request.get("nextToken").asText())
            : Math.max(0, (startTime - base) * perMilli);
    byte[] made = limit == PAGE ? pages.get(first) : null;
    return made != null ? made : page(first, limit).getBytes(StandardCharsets.UTF_8);
  }

  private String page(long first, int limit) {
    long end = Math.min(total, first + limit);
    StringBuilder sb = new StringBuilder(limit * 330).append("{\"events\":[");
    for (long i = first; i < end; i++) {
      long ts = base + i / perMilli;
      if (i > first) {
        sb.append(',');
      }
      sb.append("{\"logStreamName\":\"s")
          .append(i % streams)
          .append("\",\"timestamp\":")
          .append(ts)
          .append(",\"ingestionTime\":")
          .append(ts + 100)
          .append(",\"eventId\":\"")
          .append(i)
          .append("\",\"message\":\"seq=")
          .append(i)
          .append(' ')
          .append(FILLER, 0, 190)
          .append("\"}");
    }
    sb.append("],\"searchedLogStreams\":[]");
    if (end < total) {
      sb.append(",\"nextToken\":\"").append(end).append('"');
    }
    return sb.append('}').toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
