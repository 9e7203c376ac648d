package io.fleetpulse.realtime;

/** A change a service is about to commit: the event type and the object the event carries. */
public record Change(String type, Object data) {
}
