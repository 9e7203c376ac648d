package io.fleetpulse.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Rules on a verified token's claims beyond what SmallRye JWT checks (signature, issuer, audience, expiry):
 * pure, no I/O. {@code groups} must be a JSON array: SmallRye would split a string such as "owner staff" at
 * spaces, and a claim that an identity provider (or a mapper in it) flattens into one string must not be
 * able to grant staff. With a maximum lifetime configured, {@code exp - iat} must not exceed it.
 */
public final class TokenRules {

    private final ObjectMapper json;
    private final Optional<Duration> maxLifetime;

    public TokenRules(ObjectMapper json, Optional<Duration> maxLifetime) {
        this.json = json;
        this.maxLifetime = maxLifetime;
    }

    /** Why the token is refused, or null when it passes. {@code rawToken} is the compact JWS. */
    public String violation(String rawToken) {
        JsonNode claims = claims(rawToken);
        if (claims == null) {
            return "unreadable claims";
        }
        JsonNode groups = claims.get("groups");
        if (groups != null && !groups.isArray()) {
            return "groups must be an array";
        }
        if (maxLifetime.isPresent()) {
            JsonNode iat = claims.get("iat");
            JsonNode exp = claims.get("exp");
            if (iat == null || exp == null || !iat.isNumber() || !exp.isNumber()) {
                return "iat and exp are required";
            }
            if (exp.asLong() - iat.asLong() > maxLifetime.get().toSeconds()) {
                return "lifetime over " + maxLifetime.get();
            }
        }
        return null;
    }

    private JsonNode claims(String rawToken) {
        if (rawToken == null) {
            return null;
        }
        String[] parts = rawToken.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode node = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return node != null && node.isObject() ? node : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
