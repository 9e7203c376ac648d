package io.fleetpulse.realtime.signalr;

import io.fleetpulse.security.OwnerAccess;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The connection tokens issued by negotiate: single-use, bound to the negotiating user, short-lived until used,
 * prefixed with the id of the replica that holds them ({@link HubReplicas}).
 */
@ApplicationScoped
public class HubConnectionTokens {

    /** The outcome of presenting a token on the WebSocket upgrade. */
    public enum Claim { CLAIMED, UNKNOWN, IN_USE, OTHER_USER }

    /** What negotiate returns: a public id for logs and the secret token the socket presents. */
    public record Issued(String connectionId, String connectionToken) {
    }

    /** {@code <replicaId>.<random>}: the replica that issued the token, and 256 random bits. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{12}\\.[A-Za-z0-9_-]{43}");

    private static final class Entry {
        final String connectionId;
        final String user;
        final long issuedAt;
        long claimedAt = -1;
        boolean open;

        Entry(String connectionId, String user, long issuedAt) {
            this.connectionId = connectionId;
            this.user = user;
            this.issuedAt = issuedAt;
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

    /** A new token for {@code user}, or null when the user already holds too many unused ones. */
    public Issued issue(String user) {
        long now = System.currentTimeMillis();
        entries.values().removeIf(entry -> expired(entry, now));
        long pending = entries.values().stream().filter(e -> !e.open && e.user.equals(user)).count();
        if (pending >= config.maxPendingNegotiations()) {
            return null;
        }
        String token = replicaId + "." + randomId(32);
        String connectionId = randomId(16);
        entries.put(token, new Entry(connectionId, user, now));
        return new Issued(connectionId, token);
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
