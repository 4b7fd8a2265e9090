package io.etherwatch.push.endpoint;

import io.etherwatch.push.domain.Frame;
import io.netty.buffer.Unpooled;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import org.jboss.logging.Logger;

/**
 * The Vert.x socket under a WebSockets Next connection, for the event frames only. {@code
 * WebSocketConnection.sendText} wraps every write in a Mutiny {@code Uni} that captures the request
 * context; with one event going to thousands of connections that wrapper cost more than the write
 * (see docs/benchmarks.md, push-fanout). The accessor is not public API: when it is missing
 * (another Quarkus version) {@link #of} returns null and frames go through {@code sendText} as
 * before.
 */
final class VertxSocket {
  private static final Logger LOG = Logger.getLogger(VertxSocket.class);
  private static final MethodHandle ACCESSOR = accessor();

  /** Frames up to this size are written as one prepared frame; larger ones may be fragmented. */
  private static final int WHOLE_FRAME_BYTES = 65_536;

  private VertxSocket() {}

  /**
   * Writes {@code frame} as one text message. A LOG_EVENTS frame goes as the UTF-8 bytes its parts
   * make (Vert.x's text frame takes a String and encodes it again), through Vert.x's frame
   * implementation class, which is not public API either.
   */
  static Future<Void> write(WebSocketBase socket, Frame frame) {
    if (frame.isEvents() && frame.length() <= WHOLE_FRAME_BYTES) {
      return socket.writeFrame(
          new WebSocketFrameImpl(
              WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(frame.bytes()), true));
    }
    return socket.writeTextMessage(frame.text());
  }

  /** The connection's Vert.x socket, or null when it cannot be reached. */
  static WebSocketBase of(WebSocketConnection connection) {
    if (ACCESSOR == null) {
      return null;
    }
    try {
      return (WebSocketBase) ACCESSOR.invoke(connection);
    } catch (Throwable e) {
      return null;
    }
  }

  private static MethodHandle accessor() {
    try {
      Class<?> base = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase");
      Method method = base.getDeclaredMethod("webSocket");
      method.setAccessible(true);
      return MethodHandles.lookup().unreflect(method);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.infof("event frames use WebSocketConnection.sendText (%s)", e);
      return null;
    }
  }
}
