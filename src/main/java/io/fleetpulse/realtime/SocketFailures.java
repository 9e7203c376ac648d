package io.fleetpulse.realtime;

/**
 * What a WebSocket failure means for the close code and the log: a client that overflows the message
 * size is the client's fault (1009, logged at debug, never with a stack trace); anything else is ours (1011).
 */
public final class SocketFailures {

    private SocketFailures() {
    }

    /** Vert.x reports an oversized (fragmented) message as an IllegalStateException while aggregating frames. */
    public static boolean isTooBig(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("max message size") || message.contains("maxWebSocketFrameSize")
                    || message.contains("too big") || message.contains("exceeds"))) {
                return true;
            }
            if (t.getClass().getName().endsWith("CorruptedWebSocketFrameException")
                    || t.getClass().getName().endsWith("TooLongFrameException")) {
                return true;
            }
        }
        return false;
    }

    public static CloseCode closeCodeFor(Throwable failure) {
        return isTooBig(failure) ? CloseCode.MESSAGE_TOO_BIG : CloseCode.INTERNAL_ERROR;
    }
}
