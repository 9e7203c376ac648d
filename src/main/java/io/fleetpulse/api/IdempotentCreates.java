package io.fleetpulse.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.error.Problem;
import io.fleetpulse.error.ProblemException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Creating POSTs with an {@code Idempotency-Key}: the first request's answer is stored in the create's own
 * transaction, so a retry after a lost response gets the same 201, Location, ETag and body, on any replica
 * (a concurrent retry waits for the first one's commit). The same key with another body is 422.
 */
@ApplicationScoped
public class IdempotentCreates {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** What a create produced: the path of the new resource, its version and its body. */
    public record Created(String path, long version, Object body) {
    }

    private final Pool pool;
    private final ObjectMapper json;
    private final FleetPulseConfig.Api config;

    IdempotentCreates(Pool pool, ObjectMapper json, FleetPulseConfig config) {
        this.pool = pool;
        this.json = json;
        this.config = config.api();
    }

    /**
     * Runs {@code create} on a client it provides; without a key, on the pool as a single statement, with
     * one, in a transaction that also claims the key and stores the answer.
     */
    public Uni<Response> create(String ownerId, String key, Object request, UriInfo uri,
            Function<SqlClient, Uni<Created>> create) {
        if (key == null) {
            return create.apply(pool).map(created -> answer(uri, 201, created.path(), ETags.of(created.version()),
                    write(created.body()), false));
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw ProblemException.badRequest(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String fingerprint = fingerprint(uri.getPath(), request);
        OffsetDateTime expired = OffsetDateTime.now(ZoneOffset.UTC).minus(config.idempotencyKeyTtl());
        return pool.withTransaction(connection -> connection
                .preparedQuery("DELETE FROM idempotency_keys WHERE owner_id = $1 AND key = $2 AND created_at < $3")
                .execute(Tuple.of(ownerId, key, expired))
                // A concurrent request with the same key waits here until the first one commits or rolls back.
                .chain(() -> connection.preparedQuery("INSERT INTO idempotency_keys (owner_id, key, fingerprint) "
                                + "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                        .execute(Tuple.of(ownerId, key, fingerprint)))
                .chain(claimed -> claimed.rowCount() == 1
                        ? first(connection, ownerId, key, uri, create)
                        : replay(connection, ownerId, key, fingerprint, uri)));
    }

    private Uni<Response> first(SqlClient connection, String ownerId, String key, UriInfo uri,
            Function<SqlClient, Uni<Created>> create) {
        return create.apply(connection).chain(created -> {
            String etag = ETags.of(created.version());
            String body = write(created.body());
            return connection.preparedQuery("UPDATE idempotency_keys SET status = 201, location = $3, etag = $4, "
                            + "body = $5 WHERE owner_id = $1 AND key = $2")
                    .execute(Tuple.tuple(Arrays.asList(ownerId, key, created.path(), etag, body)))
                    .map(ignored -> answer(uri, 201, created.path(), etag, body, false));
        });
    }

    private Uni<Response> replay(SqlClient connection, String ownerId, String key, String fingerprint, UriInfo uri) {
        return connection.preparedQuery("SELECT fingerprint, status, location, etag, body FROM idempotency_keys "
                        + "WHERE owner_id = $1 AND key = $2")
                .execute(Tuple.of(ownerId, key))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (!fingerprint.equals(row.getString(0))) {
                        String detail = "This Idempotency-Key was used for another request; use a new key";
                        throw new ProblemException(Problem.unprocessable(HEADER, detail));
                    }
                    return answer(uri, row.getInteger(1), row.getString(2), row.getString(3), row.getString(4), true);
                });
    }

    /** Forgets expired keys, off the request path. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE created_at < $1")
                .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC).minus(config.idempotencyKeyTtl())))
                .replaceWithVoid();
    }

    private static Response answer(UriInfo uri, int status, String path, String etag, String body, boolean replayed) {
        Response.ResponseBuilder response = Response.status(status)
                .location(uri.getBaseUri().resolve(URI.create(path.startsWith("/") ? path.substring(1) : path)))
                .header(HttpHeaders.ETAG, etag)
                .entity(body).type(MediaType.APPLICATION_JSON_TYPE);
        if (replayed) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }

    private String fingerprint(String path, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
