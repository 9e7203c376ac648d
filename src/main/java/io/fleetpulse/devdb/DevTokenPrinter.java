package io.fleetpulse.devdb;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Prints ready-to-use tokens for the demo owner and a staff user when dev mode starts. */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevTokenPrinter {

    private static final Logger LOG = Logger.getLogger(DevTokenPrinter.class);
    static final String DEMO_OWNER = "demo-owner";

    @ConfigProperty(name = "fleetpulse.dev-services.enabled", defaultValue = "false")
    boolean devServices;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    void onStart(@Observes StartupEvent event) {
        if (!devServices || System.getProperty("io.fleetpulse.devkeys.private") == null) {
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

    private static String token(String subject, String role, String ownerId) {
        long now = Instant.now().getEpochSecond();
        String ownerClaim = ownerId == null ? "" : ",\"owner_id\":\"" + ownerId + "\"";
        return DevKeys.sign("{\"iss\":\"" + DevKeys.ISSUER + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[\"" + role + "\"]" + ownerClaim + ",\"iat\":" + now
                + ",\"exp\":" + (now + Duration.ofHours(12).toSeconds()) + "}");
    }
}
