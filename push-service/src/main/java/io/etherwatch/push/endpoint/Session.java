package io.etherwatch.push.endpoint;

import io.etherwatch.push.delivery.Outbox;
import io.etherwatch.push.domain.Caller;
import io.quarkus.websockets.next.WebSocketConnection;

/** One WebSocket connection: who it is (once authenticated), its outbox and its timers. */
final class Session {
  final WebSocketConnection connection;
  final Outbox outbox;
  volatile Caller caller;
  volatile long authTimer = -1;
  volatile long expiryTimer = -1;
  // Refusals counted per minute (callbacks of one connection run one at a time).
  long refusalWindowStart;
  int refusals;

  Session(WebSocketConnection connection, Outbox outbox) {
    this.connection = connection;
    this.outbox = outbox;
  }

  String id() {
    return connection.id();
  }
}
