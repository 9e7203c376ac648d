package io.fleetpulse.changes;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory change log of one owner for unit tests of its readers. Reads of the current seq can be held:
 * a held read answers, when released, with the seq at release time, as a query that runs late does.
 */
public class ScriptedChangeLog extends ChangeLogReader {

    private final List<ChangeEvent> events = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Long>> heldSeqReads = new CopyOnWriteArrayList<>();
    private volatile boolean holdSeqReads;
    private final List<Runnable> heldPageReads = new CopyOnWriteArrayList<>();
    private volatile boolean holdPageReads;
    private final AtomicInteger pageReads = new AtomicInteger();

    public ScriptedChangeLog() {
        super(null);
    }

    public void holdSeqReads() {
        holdSeqReads = true;
    }

    /** Page reads see the log as it is when they are made, but answer only when released. */
    public void holdPageReads() {
        holdPageReads = true;
    }

    /** Page reads ({@link #after}) made so far. */
    public int pageReads() {
        return pageReads.get();
    }

    public int heldPageReads() {
        return heldPageReads.size();
    }

    public void releasePageReads() {
        holdPageReads = false;
        heldPageReads.forEach(Runnable::run);
        heldPageReads.clear();
    }

    public int heldSeqReads() {
        return heldSeqReads.size();
    }

    /** Answers every held read with the seq as it is now, and answers later reads at once. */
    public void releaseSeqReads() {
        holdSeqReads = false;
        for (CompletableFuture<Long> read : heldSeqReads) {
            read.complete(seq());
        }
        heldSeqReads.clear();
    }

    public ChangeEvent commit(String ownerId) {
        ChangeEvent event = new ChangeEvent(seq() + 1, ChangeEvent.FLEET_UPDATED, ownerId, Instant.now(), "{}");
        events.add(event);
        return event;
    }

    public long seq() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    }

    @Override
    public Uni<Long> currentSeq(String ownerId) {
        if (!holdSeqReads) {
            return Uni.createFrom().item(seq());
        }
        CompletableFuture<Long> read = new CompletableFuture<>();
        heldSeqReads.add(read);
        return Uni.createFrom().completionStage(read);
    }

    @Override
    public Uni<Window> window(String ownerId) {
        return Uni.createFrom().item(new Window(seq(), events.isEmpty() ? null : events.get(0).seq()));
    }

    @Override
    public Uni<List<ChangeEvent>> after(String ownerId, long afterSeq, int limit) {
        pageReads.incrementAndGet();
        List<ChangeEvent> page = new ArrayList<>();
        for (ChangeEvent event : events) {
            if (event.seq() > afterSeq && page.size() < limit) {
                page.add(event);
            }
        }
        if (!holdPageReads) {
            return Uni.createFrom().item(page);
        }
        CompletableFuture<List<ChangeEvent>> read = new CompletableFuture<>();
        heldPageReads.add(() -> read.complete(page));
        return Uni.createFrom().completionStage(read);
    }
}
