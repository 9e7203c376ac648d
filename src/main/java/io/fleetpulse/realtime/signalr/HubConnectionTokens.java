package io.fleetpulse.realtime.signalr;

import io.fleetpulse.security.OwnerAccess;
import io.fleetpulse.security.RealtimeUpgradeCheck;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The connection tokens issued by negotiate: single-use, bound to the negotiating user, short-lived until used,
 * prefixed with the id of the replica that holds them ({@link HubReplicas}).
 */
@ApplicationScoped
public class HubConnectionTokens {

    /** The outcome of presenting a token on the WebSocket upgrade. */
    public enum Claim { CLAIMED, RESUMED, UNKNOWN, IN_USE, OTHER_USER }

    /** What negotiate returns: a public id for logs and the secret token the socket presents. */
    public record Issued(String connectionId, String connectionToken) {
    }

    /** {@code <replicaId>.<random>}: the replica that issued the token, and 256 random bits. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{12}\\.[A-Za-z0-9_-]{43}");

    private static final class Entry {
        final String connectionId;
        final String user;
        final long issuedAt;
        /** Negotiated with stateful reconnect. */
        final boolean stateful;
        long claimedAt = -1;
        boolean open;
        /** A dropped stateful connection waiting for its client's next socket (since {@link #waitingSince}). */
        volatile HubConnectionState waiting;
        volatile long waitingSince;

        Entry(String connectionId, String user, long issuedAt, boolean stateful) {
            this.connectionId = connectionId;
            this.user = user;
            this.issuedAt = issuedAt;
            this.stateful = stateful;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final HubConfig config;
    private final String replicaId;

    HubConnectionTokens(HubConfig config, HubReplicas replicas) {
        this.config = config;
        this.replicaId = replicas.replicaId();
    }

    /** The replica that issued a token (its prefix), or null when it has none. */
    static String replicaOf(String token) {
        int dot = token.indexOf('.');
        return dot == 12 ? token.substring(0, dot) : null;
    }

    /** Who a token belongs to: the token's principal and, for owners, their owner id. */
    public static String userOf(SecurityIdentity identity) {
        return identity.getPrincipal().getName() + "|" + OwnerAccess.ownerIdOf(identity);
    }

    /**
     * Whether {@code identity} may take a connection over (its socket moved between replicas, or raced its own
     * drop): a signed-in owner or staff member; a device token with the owner's subject may not.
     */
    public static boolean mayTakeOver(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && RealtimeUpgradeCheck.mayFollowFeeds(identity);
    }

    /** A new token for {@code user}, or null when the user already holds too many unused ones. */
    public Issued issue(String user) {
        return issue(user, false);
    }

    /** A new token, negotiated with stateful reconnect when {@code stateful}. */
    public Issued issue(String user, boolean stateful) {
        long now = System.currentTimeMillis();
        sweep();
        long pending = entries.values().stream().filter(e -> !e.open && e.waiting == null && e.user.equals(user)).count();
        if (pending >= config.maxPendingNegotiations()) {
            return null;
        }
        String token = replicaId + "." + randomId(32);
        String connectionId = randomId(16);
        entries.put(token, new Entry(connectionId, user, now, stateful));
        return new Issued(connectionId, token);
    }

    /** Forgets expired tokens and dropped connections whose window has passed. */
    void sweep() {
        long now = System.currentTimeMillis();
        entries.values().removeIf(entry -> expired(entry, now));
    }

    /** Whether the token was negotiated with stateful reconnect. */
    public boolean stateful(String token) {
        Entry entry = token == null ? null : entries.get(token);
        return entry != null && entry.stateful;
    }

    /** Whether a socket of {@code user}'s stateful connection holds the token here right now. */
    boolean openStatefully(String token, String user) {
        Entry entry = token == null ? null : entries.get(token);
        if (entry == null || !entry.stateful || !entry.user.equals(user)) {
            return false;
        }
        synchronized (entry) {
            return entry.open;
        }
    }

    /** Whether this replica knows the token (issued here, or moved here from another replica). */
    boolean known(String token) {
        return entries.containsKey(token);
    }

    /**
     * The socket of a stateful connection dropped without a Close record: its state waits for the client's next
     * socket ({@link Claim#RESUMED}) for the reconnect window. A user's oldest waiting connections beyond the cap
     * are forgotten.
     */
    void waiting(String token, HubConnectionState state) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            entry.open = false;
            entry.claimedAt = -1;
            entry.waiting = state;
            entry.waitingSince = System.currentTimeMillis();
        }
        var waiting = entries.entrySet().stream().filter(e -> e.getValue().waiting != null && e.getValue().user.equals(entry.user))
                .sorted(java.util.Comparator.comparingLong(e -> e.getValue().waitingSince)).toList();
        for (int i = 0; i < waiting.size() - config.statefulReconnect().maxWaitingPerUser(); i++) {
            entries.remove(waiting.get(i).getKey());
        }
    }

    /** The states of every dropped stateful connection waiting here, by token (to store them at shutdown). */
    Map<String, HubConnectionState> waitingStates() {
        Map<String, HubConnectionState> states = new java.util.HashMap<>();
        entries.forEach((token, entry) -> {
            HubConnectionState state = entry.waiting;
            if (state != null) {
                states.put(token, state);
            }
        });
        return states;
    }

    /** Whether a dropped stateful connection waits on this token. */
    boolean isWaiting(String token) {
        Entry entry = token == null ? null : entries.get(token);
        return entry != null && entry.waiting != null;
    }

    /** Forgets a waiting state stored elsewhere (at shutdown). */
    void forgetWaiting(String token) {
        entries.remove(token);
    }

    /** The waiting state of a token just claimed as {@link Claim#RESUMED} (taken: only one socket gets it). */
    HubConnectionState resume(String token) {
        Entry entry = token == null ? null : entries.get(token);
        if (entry == null) {
            return null;
        }
        synchronized (entry) {
            HubConnectionState state = entry.waiting;
            entry.waiting = null;
            return state;
        }
    }

    /**
     * Hands a connection over to another replica: the state of a token not connected here (a fresh one, or a
     * dropped stateful connection) of {@code user}, now forgotten here; null when it is unknown, another user's,
     * or connected (then it stays).
     */
    HubConnectionState handOver(String token, String user) {
        HubConnectionState[] state = {null};
        entries.computeIfPresent(token, (key, entry) -> {
            if (!entry.user.equals(user) || expired(entry, System.currentTimeMillis())) {
                return entry;
            }
            if (entry.waiting != null) {
                state[0] = entry.waiting;
            } else if (entry.claimedAt < 0 && !entry.open) {
                state[0] = HubConnectionState.fresh(entry.user, entry.connectionId, entry.stateful);
            } else {
                return entry;
            }
            return null;
        });
        return state[0];
    }

    /** A connection handed over from another replica: claimed like a token issued here ({@code RESUMED} when it has state). */
    void adopt(String token, HubConnectionState state) {
        Entry entry = new Entry(state.connectionId(), state.user(), System.currentTimeMillis(), state.stateful());
        if (state.handshaken()) {
            entry.waiting = state;
            entry.waitingSince = entry.issuedAt;
        }
        entries.put(token, entry);
    }

    /** Takes the token for one socket; a second socket, another user or an expired token is refused. */
    public Claim claim(String token, String user) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Claim.UNKNOWN;
        }
        long now = System.currentTimeMillis();
        Claim[] result = {Claim.UNKNOWN};
        entries.computeIfPresent(token, (key, entry) -> {
            if (expired(entry, now)) {
                return null;
            }
            if (!entry.user.equals(user)) {
                // Someone else's token: refuse without using it up, so the rightful client can still connect.
                result[0] = Claim.OTHER_USER;
            } else if (entry.waiting != null && entry.claimedAt < 0) {
                entry.claimedAt = now;
                result[0] = Claim.RESUMED;
            } else if (entry.claimedAt >= 0) {
                result[0] = Claim.IN_USE;
            } else {
                entry.claimedAt = now;
                result[0] = Claim.CLAIMED;
            }
            return entry;
        });
        return result[0];
    }

    /** Marks a claimed token as carried by an open socket; it stays in use until {@link #release}. */
    public String opened(String token) {
        if (token == null) {
            return null;
        }
        Entry entry = entries.computeIfPresent(token, (key, e) -> {
            e.open = true;
            return e;
        });
        return entry == null ? null : entry.connectionId;
    }

    /** Forgets a token whose socket has closed: it can never be used again. */
    public void release(String token) {
        if (token != null) {
            entries.remove(token);
        }
    }

    private boolean expired(Entry entry, long now) {
        if (entry.open) {
            return false;
        }
        if (entry.waiting != null) {
            return now - (entry.claimedAt >= 0 ? entry.claimedAt : entry.waitingSince) > config.statefulReconnect().window().toMillis();
        }
        // A claimed token whose upgrade another check refused never opens: it expires like an unused one.
        long since = entry.claimedAt >= 0 ? entry.claimedAt : entry.issuedAt;
        return now - since > config.negotiateTimeout().toMillis();
    }

    private String randomId(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
