package io.fleetpulse.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The transactional outbox: writes events in the caller's transaction with the owner's next gapless
 * sequence numbers, and hands them to {@link PublishChangesInterceptor} for broadcast after commit.
 */
@ApplicationScoped
public class ChangeLog {

    private final ObjectMapper json;
    private final ReplicaBridge replicas;

    ChangeLog(ObjectMapper json, ReplicaBridge replicas) {
        this.json = json;
        this.replicas = replicas;
    }

    /** Must run inside a {@code @PublishChanges @WithTransaction} method. */
    public Uni<List<ChangeEvent>> record(String ownerId, List<Change> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Optional<List<ChangeEvent>> pending = ContextLocals.get(PublishChangesInterceptor.PENDING);
        if (pending.isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException("ChangeLog.record outside @PublishChanges"));
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession().chain(session -> session
                // Row lock on the owner until commit: seqs are gapless and commit in increasing order.
                .createNativeQuery("INSERT INTO owners (id, last_seq) VALUES (:id, :n) "
                        + "ON CONFLICT (id) DO UPDATE SET last_seq = owners.last_seq + :n RETURNING last_seq", Long.class)
                .setParameter("id", ownerId)
                .setParameter("n", (long) changes.size())
                .getSingleResult()
                .chain(last -> insert(session, ownerId, at, last - changes.size() + 1, changes)))
                .invoke(events -> pending.get().addAll(events));
    }

    /** The owner's current sequence, read through the caller's session (0 before the first change). */
    public Uni<Long> currentSeq(String ownerId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT last_seq FROM owners WHERE id = :id", Long.class)
                .setParameter("id", ownerId)
                .getResultList()
                .map(rows -> rows.isEmpty() ? 0L : rows.get(0)));
    }

    private Uni<List<ChangeEvent>> insert(Mutiny.Session session, String ownerId, Instant at, long firstSeq,
            List<Change> changes) {
        List<ChangeEvent> events = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            events.add(new ChangeEvent(firstSeq + i, change.type(), ownerId, at, toJson(change.data())));
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ChangeEvent event : events) {
            // One session runs one statement at a time: chain them. The inner text cast matters: a
            // parameter typed jsonb would make the driver store the Java String as a JSON string.
            chain = chain.chain(() -> session.createNativeQuery("INSERT INTO change_events "
                            + "(owner_id, seq, type, occurred_at, data) VALUES (:o, :s, :t, :at, CAST(CAST(:d AS text) AS jsonb))")
                    .setParameter("o", ownerId)
                    .setParameter("s", event.seq())
                    .setParameter("t", event.type())
                    .setParameter("at", event.at())
                    .setParameter("d", event.data())
                    .executeUpdate()
                    .replaceWithVoid());
        }
        // NOTIFY is transactional: the other replicas hear of these seqs only if, and when, this commits.
        long last = events.get(events.size() - 1).seq();
        return chain.chain(() -> session.createNativeQuery("SELECT count(*) FROM (SELECT pg_notify(:c, :p)) AS n", Long.class)
                        .setParameter("c", ReplicaBridge.CHANGES)
                        .setParameter("p", replicas.changePayload(ownerId, last))
                        .getSingleResult())
                .replaceWith(events);
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize change data", e);
        }
    }
}
