package io.fleetpulse.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.UUID;

/** Mints test tokens with the test-only key pair, valid and broken in every way the API must refuse. */
public final class Tokens {

    public static final String ISSUER = "https://issuer.fleetpulse.test";
    /** The audience the test configuration expects (mp.jwt.verify.audiences). */
    public static final String AUDIENCE = "fleetpulse-api";
    private static final PrivateKey KEY = load("/jwt/privateKey.pem");
    private static final PrivateKey OTHER_KEY = load("/jwt/otherPrivateKey.pem");

    private Tokens() {
    }

    /** A fresh owner id, so that tests never see each other's data. */
    public static String newOwnerId() {
        return "owner-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static String owner(String ownerId) {
        return base("user-of-" + ownerId).groups("owner").claim("owner_id", ownerId).sign(KEY);
    }

    /** Another user (token subject) of the same owner: a colleague with a dashboard of their own. */
    public static String ownerUser(String ownerId, int user) {
        return base("user-" + user + "-of-" + ownerId).groups("owner").claim("owner_id", ownerId).sign(KEY);
    }

    /** A vehicle's telematics unit: role device, scoped to one owner and one vehicle. */
    public static String device(String ownerId, String vehicleId) {
        return base("device-" + vehicleId).groups("device").claim("owner_id", ownerId).claim("vehicle_id", vehicleId)
                .sign(KEY);
    }

    public static String staff() {
        return base("support-agent").groups("staff").sign(KEY);
    }

    public static String ownerExpiringIn(String ownerId, long seconds) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).audience(AUDIENCE).upn("user-of-" + ownerId).groups("owner").claim("owner_id", ownerId)
                .issuedAt(now - 10).expiresAt(now + seconds).sign(KEY);
    }

    public static String expired(String ownerId) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).audience(AUDIENCE).upn("user-of-" + ownerId).groups("owner").claim("owner_id", ownerId)
                .issuedAt(now - 7200).expiresAt(now - 3600).sign(KEY);
    }

    public static String wrongIssuer(String ownerId) {
        return Jwt.issuer("https://someone-else.example").audience(AUDIENCE).upn("x").groups("owner").claim("owner_id", ownerId)
                .expiresIn(600).sign(KEY);
    }

    public static String wrongKey(String ownerId) {
        return base("x").groups("owner").claim("owner_id", ownerId).sign(OTHER_KEY);
    }

    /** An owner token that lacks the owner_id claim, so it names no owner it may act for. */
    public static String ownerWithoutOwnerId() {
        return base("owner-without-id").groups("owner").sign(KEY);
    }

    public static String withoutGroups(String ownerId) {
        return base("x").claim("owner_id", ownerId).sign(KEY);
    }

    /** An unsigned token ({@code alg: none}) with otherwise valid claims. */
    public static String algNone(String ownerId) {
        long now = System.currentTimeMillis() / 1000;
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"upn\":\"x\",\"groups\":[\"owner\"],"
                + "\"owner_id\":\"" + ownerId + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    /** The test-only signing key, for tests that build their own claims. */
    public static PrivateKey signingKey() {
        return KEY;
    }

    /** A key the service does not trust (an attacker's own). */
    public static PrivateKey foreignSigningKey() {
        return OTHER_KEY;
    }

    /** Claims of a valid owner token, to be varied by a test and signed with {@link #signingKey()}. */
    public static JwtClaimsBuilder ownerClaims(String ownerId) {
        return base("user-of-" + ownerId).groups("owner").claim("owner_id", ownerId);
    }

    private static JwtClaimsBuilder base(String upn) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).upn(upn).expiresIn(3600);
    }

    private static PrivateKey load(String resource) {
        try {
            return KeyUtils.readPrivateKey(resource);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read test key " + resource, e);
        }
    }
}
