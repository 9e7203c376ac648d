package io.fleetpulse.security;

import java.util.HashMap;
import java.util.Map;

/**
 * Pure counting behind the connection caps: open sockets per subject and per owner, taken and given back
 * atomically (one lock; connection churn is far below what a lock can serve). No I/O, unit-tested.
 */
public final class ConnectionCounter {

    /** Why a connection was refused; also the value of the refusal metric's {@code reason} tag. */
    public enum Refusal { SUBJECT, OWNER }

    private final int maxPerSubject;
    private final int maxPerOwner;
    private final Map<String, Integer> bySubject = new HashMap<>();
    private final Map<String, Integer> byOwner = new HashMap<>();

    public ConnectionCounter(int maxPerSubject, int maxPerOwner) {
        this.maxPerSubject = maxPerSubject;
        this.maxPerOwner = maxPerOwner;
    }

    /** The refusal a new connection would meet now, or null (nothing is taken). */
    public synchronized Refusal check(String subject, String owner) {
        if (bySubject.getOrDefault(subject, 0) >= maxPerSubject) {
            return Refusal.SUBJECT;
        }
        if (owner != null && byOwner.getOrDefault(owner, 0) >= maxPerOwner) {
            return Refusal.OWNER;
        }
        return null;
    }

    /** Takes one connection for subject and owner (owner may be null: staff), or returns why not. */
    public synchronized Refusal acquire(String subject, String owner) {
        Refusal refusal = check(subject, owner);
        if (refusal == null) {
            bySubject.merge(subject, 1, Integer::sum);
            if (owner != null) {
                byOwner.merge(owner, 1, Integer::sum);
            }
        }
        return refusal;
    }

    /** Gives back what {@link #acquire} took. */
    public synchronized void release(String subject, String owner) {
        bySubject.computeIfPresent(subject, (k, n) -> n <= 1 ? null : n - 1);
        if (owner != null) {
            byOwner.computeIfPresent(owner, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    public synchronized int openBy(String subject) {
        return bySubject.getOrDefault(subject, 0);
    }

    public synchronized int openOf(String owner) {
        return byOwner.getOrDefault(owner, 0);
    }
}
