package io.fleetpulse.error;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;

/** Reads what a database failure means: a broken constraint (the caller's fault) or an outage (503). */
public final class DatabaseErrors {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";

    private DatabaseErrors() {
    }

    /** The PostgreSQL error in the cause chain with this SQL state (and constraint, when given). */
    public static Optional<PgException> violation(Throwable failure, String sqlState, String constraint) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && sqlState.equals(pg.getSqlState())
                    && (constraint == null || constraint.equals(pg.getConstraint()))) {
                return Optional.of(pg);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the failure means the database cannot be reached or is going away (connection refused or
     * closed, pool wait timed out, server shutting down or starting up): a 503 the client may retry.
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ClosedChannelException
                    || cause instanceof io.vertx.sqlclient.ClosedConnectionException
                    || cause instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (cause instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P")
                            || pg.getSqlState().equals("53300"))) {
                return true; // connection exceptions, admin shutdown / crash / cannot connect now, too many connections
            }
            String message = cause.getMessage();
            if ((cause instanceof io.vertx.core.VertxException || cause instanceof io.vertx.core.impl.NoStackTraceThrowable)
                    && message != null
                    && (message.contains("Timeout") || message.contains("Connection refused")
                            || message.contains("closed") || message.contains("Pending requests limit"))) {
                return true; // the pool's own failures carry no type of their own
            }
        }
        return false;
    }
}
