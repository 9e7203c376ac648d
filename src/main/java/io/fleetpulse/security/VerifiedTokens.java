package io.fleetpulse.security;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The decision of the token cache, without CDI: which verified token may be served again, and which must be
 * verified anew. A hit needs the entry younger than {@code maxAge} and the token before its {@code exp} (the
 * verifier's clock skew is not granted from the cache: a token in its skew window is verified again). Only
 * tokens the verifier accepted are kept, so strangers cannot fill it; when it is full it stops adding.
 */
final class VerifiedTokens {

    /** Verifies one token, or throws; what the cache asks on a miss. */
    @FunctionalInterface
    interface Verifier<E extends Exception> {
        JsonWebToken verify(String token) throws E;
    }

    private record Entry(JsonWebToken token, long verifiedAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final long maxAgeNanos;
    private final LongSupplier nanos;
    private final Clock clock;
    private volatile long lastSweepNanos;

    VerifiedTokens(int maxEntries, Duration maxAge, LongSupplier nanos, Clock clock) {
        this.maxEntries = maxEntries;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanos = nanos;
        this.clock = clock;
        this.lastSweepNanos = nanos.getAsLong();
    }

    <E extends Exception> JsonWebToken get(String token, Verifier<E> verifier) throws E {
        long now = nanos.getAsLong();
        Entry entry = entries.get(token);
        if (entry != null) {
            if (usable(entry, now)) {
                return entry.token();
            }
            entries.remove(token, entry);
        }
        JsonWebToken verified = verifier.verify(token);
        remember(token, verified, now);
        return verified;
    }

    int size() {
        return entries.size();
    }

    private boolean usable(Entry entry, long now) {
        return now - entry.verifiedAtNanos() < maxAgeNanos
                && clock.instant().getEpochSecond() < entry.token().getExpirationTime();
    }

    private void remember(String token, JsonWebToken verified, long now) {
        if (entries.size() >= maxEntries) {
            sweep(now);
            if (entries.size() >= maxEntries) {
                return; // full of live entries: verify this one every time rather than grow
            }
        }
        entries.put(token, new Entry(verified, now));
    }

    /** Drops unusable entries; at most once per second, so a full cache does not cost a scan per request. */
    private void sweep(long now) {
        if (now - lastSweepNanos < 1_000_000_000L) {
            return;
        }
        lastSweepNanos = now;
        entries.values().removeIf(entry -> !usable(entry, now));
    }
}
