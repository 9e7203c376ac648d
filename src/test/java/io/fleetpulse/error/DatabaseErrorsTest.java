package io.fleetpulse.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Database error classification: which constraint broke (the caller's fault) and which failures are an outage (503). */
class DatabaseErrorsTest {

    static PgException pg(String sqlState) {
        return new PgException("failed", "ERROR", sqlState, null);
    }

    static PgException pg(String sqlState, String constraint) {
        return new PgException("failed", "ERROR", sqlState, null, null, null, null, null, null, null, null, null, null,
                null, null, null, constraint);
    }

    @Test
    void aViolationIsFoundByStateAndConstraintAnywhereInTheCauseChain() {
        PgException unique = pg(DatabaseErrors.UNIQUE_VIOLATION, "fleets_owner_name_ci_uq");
        Throwable wrapped = new CompletionException(new IllegalStateException(unique));
        assertThat(DatabaseErrors.violation(wrapped, DatabaseErrors.UNIQUE_VIOLATION, "fleets_owner_name_ci_uq"))
                .containsSame(unique);
        assertThat(DatabaseErrors.violation(wrapped, DatabaseErrors.UNIQUE_VIOLATION, null)).containsSame(unique);
    }

    @Test
    void anotherStateOrConstraintOrNoDatabaseErrorIsNoViolation() {
        PgException unique = pg(DatabaseErrors.UNIQUE_VIOLATION, "fleets_owner_name_ci_uq");
        assertThat(DatabaseErrors.violation(unique, DatabaseErrors.FOREIGN_KEY_VIOLATION, null)).isEmpty();
        assertThat(DatabaseErrors.violation(unique, DatabaseErrors.UNIQUE_VIOLATION, "vehicles_vin_uq")).isEmpty();
        assertThat(DatabaseErrors.violation(pg(DatabaseErrors.UNIQUE_VIOLATION), DatabaseErrors.UNIQUE_VIOLATION,
                "fleets_owner_name_ci_uq")).as("no constraint named").isEmpty();
        assertThat(DatabaseErrors.violation(new IllegalStateException("x"), DatabaseErrors.UNIQUE_VIOLATION, null))
                .isEmpty();
        assertThat(DatabaseErrors.violation(null, DatabaseErrors.UNIQUE_VIOLATION, null)).isEmpty();
    }

    @Test
    void connectionFailuresAreAnOutageEvenWhenWrapped() {
        assertThat(DatabaseErrors.unavailable(new ConnectException("refused"))).isTrue();
        assertThat(DatabaseErrors.unavailable(new ClosedChannelException())).isTrue();
        assertThat(DatabaseErrors.unavailable(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(DatabaseErrors.unavailable(new ConnectTimeoutException("slow"))).isTrue();
        assertThat(DatabaseErrors.unavailable(new CompletionException(new RuntimeException(new ConnectException("x")))))
                .isTrue();
    }

    @Test
    void connectionShutdownAndTooManyConnectionStatesAreAnOutage() {
        for (String state : new String[] {"08000", "08006", "57P01", "57P03", "53300"}) {
            assertThat(DatabaseErrors.unavailable(pg(state))).as(state).isTrue();
        }
    }

    @Test
    void constraintAndOtherServerErrorsAreNoOutage() {
        for (String state : new String[] {"23505", "23503", "22021", "42P01", "53200", "40001"}) {
            assertThat(DatabaseErrors.unavailable(pg(state))).as(state).isFalse();
        }
        assertThat(DatabaseErrors.unavailable(pg(null))).isFalse();
    }

    @Test
    void thePoolsOwnUntypedFailuresAreReadByTheirMessage() {
        assertThat(DatabaseErrors.unavailable(new VertxException("Timeout of 5000 ms waiting for a connection"))).isTrue();
        assertThat(DatabaseErrors.unavailable(new NoStackTraceThrowable("Connection refused"))).isTrue();
        assertThat(DatabaseErrors.unavailable(new VertxException("Connection closed"))).isTrue();
        assertThat(DatabaseErrors.unavailable(new VertxException("Pending requests limit reached"))).isTrue();
        assertThat(DatabaseErrors.unavailable(new VertxException("something else"))).isFalse();
        assertThat(DatabaseErrors.unavailable(new VertxException((String) null))).isFalse();
        assertThat(DatabaseErrors.unavailable(new IllegalStateException("Timeout"))).as("not the pool's type")
                .isFalse();
    }

    @Test
    void nothingIsNoOutage() {
        assertThat(DatabaseErrors.unavailable(null)).isFalse();
        assertThat(DatabaseErrors.unavailable(new IllegalArgumentException("bad"))).isFalse();
    }
}
