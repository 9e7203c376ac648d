package io.fleetpulse.realtime;

import io.quarkus.websockets.next.CloseReason;

/**
 * Every WebSocket close code FleetPulse sends, with the reason text the client sees: the one table
 * (README "Real-time feed" lists what a client should do for each). 4xxx codes are ours; they mirror the
 * HTTP status a request would have got (4401 unauthorized, 4429 too many, 4503 unavailable).
 */
public enum CloseCode {
    /** The replica is shutting down: reconnect at once (another replica takes it) and resume. */
    GOING_AWAY(1001, "server shutting down; reconnect"),
    /** RFC 6455: a message over the size limit, the client's fault. */
    MESSAGE_TOO_BIG(1009, "message too big"),
    /** RFC 6455: the server met an unexpected condition. */
    INTERNAL_ERROR(1011, "server error"),
    /** The token's exp passed: reconnect with a fresh token and resume. */
    TOKEN_EXPIRED(4401, "token expired"),
    /** The client read too slowly and its buffer in the feed overflowed: reconnect and resume. */
    TOO_SLOW(4408, "too slow; reconnect with since"),
    /** The caller's connection cap was reached as the socket opened: close other tabs. */
    TOO_MANY_CONNECTIONS(4429, "too many connections"),
    /** The change log cannot be read: reconnect shortly and resume. */
    UNAVAILABLE(4503, "feed unavailable; reconnect with since");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public CloseReason closeReason() {
        return new CloseReason(code, reason);
    }
}
