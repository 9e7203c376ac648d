package io.fleetpulse.realtime.signalr;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Stateful reconnect's bookkeeping for one connection (hub protocol {@code Sequence}/{@code Ack}): numbers the
 * trackable records the hub sends and keeps those the client has not acknowledged, up to a limit in bytes, and
 * numbers the client's trackable records to drop the ones it resends after a reconnect. Pure and synchronized:
 * no I/O, safe from any thread.
 */
final class HubMessageBuffer {

    /** One sent trackable record and its sequence id. */
    record Buffered(long id, String record) {
    }

    /**
     * What a connection carries across a reconnect, to this replica or another: the id of the next trackable
     * record, the records not yet acknowledged (in order), and the inbound counters.
     */
    record State(long nextId, List<Buffered> unacked, long inboundNext, long inboundLatest) {
    }

    /** What to do with a trackable record from the client. */
    enum Inbound { PROCESS, DUPLICATE }

    private final int limitBytes;
    private final ArrayDeque<Buffered> unacked = new ArrayDeque<>();
    private long nextId;
    private long bufferedBytes;
    /** The highest id sent but not kept (over the limit): until it is acknowledged, no exact replay exists. */
    private long unbufferedUpTo;
    private long acked;
    private long inboundNext;
    private long inboundLatest;

    HubMessageBuffer(int limitBytes) {
        this(limitBytes, new State(1, List.of(), 1, 0));
    }

    /** Continues a connection from its state (a reconnect). */
    HubMessageBuffer(int limitBytes, State state) {
        this.limitBytes = limitBytes;
        this.nextId = state.nextId();
        this.unacked.addAll(state.unacked());
        for (Buffered buffered : state.unacked()) {
            bufferedBytes += buffered.record().length();
        }
        this.acked = state.unacked().isEmpty() ? state.nextId() - 1 : state.unacked().get(0).id() - 1;
        this.inboundNext = state.inboundNext();
        this.inboundLatest = state.inboundLatest();
    }

    /** Numbers one trackable record the hub is about to send, and keeps it until it is acknowledged. */
    synchronized long sent(String record) {
        long id = nextId++;
        if (bufferedBytes + record.length() > limitBytes) {
            unbufferedUpTo = id; // past the limit: a drop from now until this is acknowledged cannot be replayed
        } else {
            unacked.addLast(new Buffered(id, record));
            bufferedBytes += record.length();
        }
        return id;
    }

    /** The client's {@code Ack}: it has every record up to {@code sequenceId}; ids never sent are a protocol error. */
    synchronized boolean ack(long sequenceId) {
        if (sequenceId >= nextId) {
            return false;
        }
        acked = Math.max(acked, sequenceId);
        while (!unacked.isEmpty() && unacked.peekFirst().id() <= sequenceId) {
            bufferedBytes -= unacked.pollFirst().record().length();
        }
        return true;
    }

    /** Whether a reconnect now can replay exactly what the client may have missed. */
    synchronized boolean resumable() {
        return acked >= unbufferedUpTo;
    }

    /** The {@code sequenceId} of the hub's {@code Sequence} record after a reconnect: the first record it replays. */
    synchronized long replayFrom() {
        return unacked.isEmpty() ? nextId : unacked.peekFirst().id();
    }

    /** The records to replay after the {@code Sequence} record, in order. */
    synchronized List<Buffered> replay() {
        return List.copyOf(unacked);
    }

    /** The client's {@code Sequence} after a reconnect: the id of its next trackable record; beyond what it sent is an error. */
    synchronized boolean clientSequence(long sequenceId) {
        if (sequenceId < 1 || sequenceId > inboundNext) {
            return false;
        }
        inboundNext = sequenceId;
        return true;
    }

    /** One trackable record from the client: a resent one it already had processed is a duplicate. */
    synchronized Inbound received() {
        long id = inboundNext++;
        if (id <= inboundLatest) {
            return Inbound.DUPLICATE;
        }
        inboundLatest = id;
        return Inbound.PROCESS;
    }

    /** The id of the last trackable record processed from the client, for the hub's {@code Ack}. */
    synchronized long inboundLatest() {
        return inboundLatest;
    }

    synchronized State state() {
        return new State(nextId, List.copyOf(unacked), inboundNext, inboundLatest);
    }
}
