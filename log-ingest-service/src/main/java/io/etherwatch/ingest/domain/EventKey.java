package io.etherwatch.ingest.domain;

/**
 * What identifies a handled event for suppression: its id, and also its stream and timestamp,
 * because moto restarts its id counter at "0" (a restarted emulator is a new account whose ids
 * would otherwise look already published). On AWS the id alone is unique; the rest costs nothing.
 */
public record EventKey(String stream, String eventId, long timestamp) {

  public static EventKey of(FetchedEvent e) {
    return new EventKey(e.stream(), e.eventId(), e.timestamp());
  }

  /** One string per key, for compact sets. */
  public String value() {
    return stream + '\u0000' + eventId + '\u0000' + timestamp;
  }
}
