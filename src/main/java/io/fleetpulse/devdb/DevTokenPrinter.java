package io.fleetpulse.devdb;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Prints ready-to-use tokens for the demo owner and a staff user when dev mode starts, signed with the
 * in-memory key pair that the smallrye-jwt extension generates for dev mode (never in production).
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevTokenPrinter {

    private static final Logger LOG = Logger.getLogger(DevTokenPrinter.class);
    static final String DEMO_OWNER = "demo-owner";

    @ConfigProperty(name = "smallrye.jwt.sign.key")
    Optional<String> signKey;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    void onStart(@Observes StartupEvent event) {
        if (signKey.isEmpty()) {
            LOG.info("No dev signing key (a verification key is configured): mint tokens with your identity provider");
            return;
        }
        String owner = token("demo-user", "owner", DEMO_OWNER);
        String staff = token("support-agent", "staff", null);
        LOG.infof("""

                ==== FleetPulse dev mode ===============================================
                Owner token (%s, valid 12 h):
                %s

                Staff token (any owner, valid 12 h):
                %s

                Try:
                  curl -s -H "Authorization: Bearer %s" http://localhost:%d/api/owners/%s/fleets
                ========================================================================
                """, DEMO_OWNER, owner, staff, owner, port, DEMO_OWNER);
    }

    /** Null when a real verification key is configured (then there is no dev key to sign with). */
    String demoOwnerToken() {
        return signKey.isEmpty() ? null : token("demo-user", "owner", DEMO_OWNER);
    }

    private String token(String subject, String role, String ownerId) {
        long now = Instant.now().getEpochSecond();
        String ownerClaim = ownerId == null ? "" : ",\"owner_id\":\"" + ownerId + "\"";
        return sign("{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[\"" + role + "\"]" + ownerClaim + ",\"iat\":" + now
                + ",\"exp\":" + (now + Duration.ofHours(12).toSeconds()) + "}");
    }

    /** A compact RS256 JWS; plain JDK, so dev mode needs no token-building library. */
    private String sign(String claimsJson) {
        try {
            String pem = signKey.get().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String input = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot sign the dev token", e);
        }
    }
}
