package io.fleetpulse.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpulse.security.OwnerAccess.Decision;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Every decision of the one access rule: staff any owner, an owner its own, a device its own vehicle's telemetry. */
class OwnerAccessTest {

    static final String OWNER = "owner-a";
    static final String VEHICLE = UUID.randomUUID().toString();

    final OwnerAccess access = new OwnerAccess();

    static JsonWebToken jwt(Map<String, Object> claims) {
        return (JsonWebToken) Proxy.newProxyInstance(OwnerAccessTest.class.getClassLoader(),
                new Class<?>[] {JsonWebToken.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> "subject";
                    case "getClaim" -> claims.get((String) args[0]);
                    case "toString" -> "jwt" + claims;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static SecurityIdentity identity(String role, String ownerId, String vehicleId) {
        Map<String, Object> claims = new HashMap<>();
        if (ownerId != null) {
            claims.put(Roles.OWNER_ID_CLAIM, ownerId);
        }
        if (vehicleId != null) {
            claims.put(Roles.VEHICLE_ID_CLAIM, vehicleId);
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder().setPrincipal(jwt(claims));
        if (role != null) {
            builder.addRole(role);
        }
        return builder.build();
    }

    static SecurityIdentity anonymous() {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("")).setAnonymous(true).build();
    }

    @Test
    void ownerIdsAreOneTo64LettersDigitsDashesOrUnderscores() {
        assertThat(OwnerAccess.isValidOwnerId("owner_A-1")).isTrue();
        assertThat(OwnerAccess.isValidOwnerId("x".repeat(64))).isTrue();
        assertThat(OwnerAccess.isValidOwnerId("x".repeat(65))).isFalse();
        assertThat(OwnerAccess.isValidOwnerId("")).isFalse();
        assertThat(OwnerAccess.isValidOwnerId(null)).isFalse();
        assertThat(OwnerAccess.isValidOwnerId("a/b")).isFalse();
        assertThat(OwnerAccess.isValidOwnerId("a b")).isFalse();
        assertThat(OwnerAccess.isValidOwnerId("ä")).isFalse();
    }

    @Test
    void withoutAnIdentityOrAnonymousIsUnauthenticated() {
        assertThat(access.decide(null, OWNER)).isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(access.decide(anonymous(), OWNER)).isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(access.decideTelemetryWrite(anonymous(), OWNER, VEHICLE)).isEqualTo(Decision.UNAUTHENTICATED);
    }

    @Test
    void staffMayActOnAnyOwner() {
        assertThat(access.decide(identity(Roles.STAFF, null, null), OWNER)).isEqualTo(Decision.ALLOWED);
        assertThat(access.decide(identity(Roles.STAFF, "owner-b", null), OWNER)).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void anOwnerMayActOnlyOnTheOwnerIdOfItsToken() {
        assertThat(access.decide(identity(Roles.OWNER, OWNER, null), OWNER)).isEqualTo(Decision.ALLOWED);
        assertThat(access.decide(identity(Roles.OWNER, "owner-b", null), OWNER)).isEqualTo(Decision.FORBIDDEN);
        assertThat(access.decide(identity(Roles.OWNER, null, null), OWNER)).as("no claim").isEqualTo(Decision.FORBIDDEN);
        assertThat(access.decide(identity(Roles.OWNER, OWNER, null), null)).isEqualTo(Decision.FORBIDDEN);
        assertThat(access.decide(identity(Roles.OWNER, OWNER, null), "OWNER-A")).as("case matters")
                .isEqualTo(Decision.FORBIDDEN);
    }

    @Test
    void theOwnerClaimWithoutTheOwnerRoleOrAnotherRoleIsForbidden() {
        assertThat(access.decide(identity(null, OWNER, null), OWNER)).isEqualTo(Decision.FORBIDDEN);
        assertThat(access.decide(identity(Roles.DEVICE, OWNER, VEHICLE), OWNER)).isEqualTo(Decision.FORBIDDEN);
    }

    @Test
    void aPrincipalThatIsNoJwtHasNoClaims() {
        SecurityIdentity basic = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("alice"))
                .addRole(Roles.OWNER).build();
        assertThat(OwnerAccess.ownerIdOf(basic)).isNull();
        assertThat(access.decide(basic, OWNER)).isEqualTo(Decision.FORBIDDEN);
    }

    @Test
    void whoMayActOnTheOwnerMayWriteItsTelemetry() {
        assertThat(access.decideTelemetryWrite(identity(Roles.OWNER, OWNER, null), OWNER, VEHICLE))
                .isEqualTo(Decision.ALLOWED);
        assertThat(access.decideTelemetryWrite(identity(Roles.STAFF, null, null), OWNER, VEHICLE))
                .isEqualTo(Decision.ALLOWED);
        assertThat(access.decideTelemetryWrite(identity(Roles.OWNER, "owner-b", null), OWNER, VEHICLE))
                .as("another owner, and no device").isEqualTo(Decision.FORBIDDEN);
    }

    @Test
    void aDeviceMayWriteOnlyItsOwnVehicleOfItsOwnOwner() {
        SecurityIdentity device = identity(Roles.DEVICE, OWNER, VEHICLE);
        assertThat(access.decideTelemetryWrite(device, OWNER, VEHICLE)).isEqualTo(Decision.ALLOWED);
        assertThat(access.decideTelemetryWrite(device, OWNER, " " + VEHICLE.toUpperCase() + " "))
                .as("the same UUID, spelled differently").isEqualTo(Decision.ALLOWED);
        assertThat(access.decideTelemetryWrite(device, OWNER, null)).as("some vehicle of the owner")
                .isEqualTo(Decision.ALLOWED);
        assertThat(access.decideTelemetryWrite(device, OWNER, UUID.randomUUID().toString()))
                .isEqualTo(Decision.FORBIDDEN);
        assertThat(access.decideTelemetryWrite(device, "owner-b", VEHICLE)).isEqualTo(Decision.FORBIDDEN);
        assertThat(access.decideTelemetryWrite(device, null, VEHICLE)).isEqualTo(Decision.FORBIDDEN);
        assertThat(access.decideTelemetryWrite(identity(Roles.DEVICE, OWNER, null), OWNER, VEHICLE))
                .as("no vehicle claim").isEqualTo(Decision.FORBIDDEN);
    }
}
