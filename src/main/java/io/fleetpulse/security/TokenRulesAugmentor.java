package io.fleetpulse.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.config.FleetPulseConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/** Applies {@link TokenRules} to every JWT identity (REST, upgrades, negotiate): a violation is a 401. */
@ApplicationScoped
public class TokenRulesAugmentor implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(TokenRulesAugmentor.class);

    private final TokenRules rules;

    TokenRulesAugmentor(ObjectMapper json, FleetPulseConfig config) {
        this.rules = new TokenRules(json, config.security().maxTokenLifetime());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String violation = rules.violation(jwt.getRawToken());
        if (violation != null) {
            // Neither the token nor its subject is logged: the reason is enough to diagnose an IdP mapping.
            LOG.debugf("Token refused: %s", violation);
            return Uni.createFrom().failure(new AuthenticationFailedException("token refused: " + violation));
        }
        return Uni.createFrom().item(identity);
    }
}
