package io.fleetpulse.security;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per key (a token subject): {@code burst} requests at once, refilled at {@code perSecond}.
 * Pure (the clock is passed in) and unit-tested; idle full buckets are dropped so the map stays small.
 */
public final class TokenBuckets {

    private static final long NANOS = 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, double[]> buckets = new HashMap<>(); // key -> {tokens, lastRefillNanos}
    private long lastSweep;

    public TokenBuckets(double perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("perSecond must be > 0 and burst >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.lastSweep = nanoClock.getAsLong();
    }

    /** Takes one request for {@code key}: 0 when allowed, else the seconds to wait (at least 1) before retrying. */
    public synchronized long take(String key) {
        long now = nanoClock.getAsLong();
        sweep(now);
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
        bucket[0] = Math.min(burst, bucket[0] + (now - (long) bucket[1]) * perSecond / NANOS);
        bucket[1] = now;
        if (bucket[0] >= 1) {
            bucket[0] -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - bucket[0]) / perSecond));
    }

    /** Once per minute: forget buckets that would be full again by now. */
    private void sweep(long now) {
        if (now - lastSweep < 60 * NANOS) {
            return;
        }
        lastSweep = now;
        for (Iterator<double[]> it = buckets.values().iterator(); it.hasNext(); ) {
            double[] bucket = it.next();
            if (bucket[0] + (now - (long) bucket[1]) * perSecond / NANOS >= burst) {
                it.remove();
            }
        }
    }

    public synchronized int size() {
        return buckets.size();
    }
}
