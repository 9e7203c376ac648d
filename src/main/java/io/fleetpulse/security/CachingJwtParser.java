package io.fleetpulse.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.config.FleetPulseConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The JWT parser every bearer token goes through (REST, WebSocket upgrades, hub negotiate): smallrye-jwt's own
 * verification plus {@link TokenRules}, done once per distinct token and then served from
 * {@link VerifiedTokens} until the token's exp or {@code fleetpulse.security.token-cache.max-age}. Verifying
 * (RS256 signature, claim parsing) was the largest single cost of a write in the profile. A refused token is
 * never cached: it costs a full verification each time, as before.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser implements JWTParser {

    private static final Logger LOG = Logger.getLogger(CachingJwtParser.class);

    private final DefaultJWTParser verifier;
    private final TokenRules rules;
    private final VerifiedTokens cache;

    CachingJwtParser(DefaultJWTParser verifier, ObjectMapper json, FleetPulseConfig config) {
        this.verifier = verifier;
        this.rules = new TokenRules(json, config.security().maxTokenLifetime());
        FleetPulseConfig.Security.TokenCache settings = config.security().tokenCache();
        this.cache = settings.enabled()
                ? new VerifiedTokens(settings.maxEntries(), settings.maxAge(), System::nanoTime, Clock.systemUTC())
                : null;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return cache == null ? verify(token) : cache.get(token, this::verify);
    }

    private JsonWebToken verify(String token) throws ParseException {
        JsonWebToken verified = verifier.parse(token);
        String violation = rules.violation(token);
        if (violation != null) {
            // Neither the token nor its subject is logged: the reason is enough to diagnose an IdP mapping.
            LOG.debugf("Token refused: %s", violation);
            throw new ParseException("token refused: " + violation);
        }
        return verified;
    }

    // The other entry points are not used for bearer authentication; they verify every time.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
