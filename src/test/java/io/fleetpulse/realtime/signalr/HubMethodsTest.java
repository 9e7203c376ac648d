package io.fleetpulse.realtime.signalr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetpulse.realtime.signalr.HubMethods.Call;
import io.fleetpulse.realtime.signalr.HubMethods.Join;
import io.fleetpulse.realtime.signalr.HubMethods.Leave;
import io.fleetpulse.realtime.signalr.HubMethods.Refused;
import io.fleetpulse.realtime.signalr.HubProtocol.ProtocolException;
import io.fleetpulse.security.OwnerAccess;
import io.fleetpulse.security.Roles;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Plain unit tests of hub method binding (names, arguments, invocation ids) and the join access rule. */
class HubMethodsTest {

    private final ObjectMapper json = new ObjectMapper();

    private Call bind(String record) throws Exception {
        return HubMethods.bind((ObjectNode) json.readTree(record), false);
    }

    @Test
    void bindsJoinWithAndWithoutSinceSeqCaseInsensitively() throws Exception {
        assertThat(bind("{\"type\":1,\"invocationId\":\"1\",\"target\":\"JoinFleetGroup\",\"arguments\":[\"o1\"]}"))
                .isEqualTo(new Join("1", "o1", null));
        assertThat(bind("{\"type\":1,\"invocationId\":\"2\",\"target\":\"joinfleetgroup\",\"arguments\":[\"o1\",42]}"))
                .isEqualTo(new Join("2", "o1", 42L));
        assertThat(bind("{\"type\":1,\"target\":\"JoinFleetGroup\",\"arguments\":[\"o1\",\"43\"]}"))
                .isEqualTo(new Join(null, "o1", 43L));
        assertThat(bind("{\"type\":1,\"target\":\"JoinFleetGroup\",\"arguments\":[\"o1\",null]}"))
                .isEqualTo(new Join(null, "o1", null));
    }

    @Test
    void refusesJoinWithBadArguments() throws Exception {
        assertThat(((Refused) bind("{\"type\":1,\"invocationId\":\"1\",\"target\":\"JoinFleetGroup\",\"arguments\":[]}")).error())
                .contains("was given 0 argument(s)");
        assertThat(((Refused) bind("{\"target\":\"JoinFleetGroup\",\"arguments\":[1]}")).error()).contains("ownerId must be a string");
        assertThat(((Refused) bind("{\"target\":\"JoinFleetGroup\",\"arguments\":[\"o\",-1]}")).error()).contains("sinceSeq");
        assertThat(((Refused) bind("{\"target\":\"JoinFleetGroup\",\"arguments\":[\"o\",\"1e3\"]}")).error()).contains("sinceSeq");
        assertThat(((Refused) bind("{\"target\":\"JoinFleetGroup\",\"arguments\":[\"o\",1.5]}")).error()).contains("sinceSeq");
    }

    @Test
    void bindsLeaveAndRefusesItsBadArguments() throws Exception {
        assertThat(bind("{\"invocationId\":\"3\",\"target\":\"LeaveFleetGroup\",\"arguments\":[\"o1\"]}"))
                .isEqualTo(new Leave("3", "o1"));
        assertThat(bind("{\"invocationId\":\"3\",\"target\":\"LeaveFleetGroup\",\"arguments\":[]}"))
                .isInstanceOf(Refused.class);
    }

    @Test
    void refusesUnknownMethodsStreamingAndClientStreams() throws Exception {
        Refused unknown = (Refused) bind("{\"invocationId\":\"4\",\"target\":\"" + "x".repeat(100) + "\",\"arguments\":[]}");
        assertThat(unknown.invocationId()).isEqualTo("4");
        assertThat(unknown.error()).isEqualTo("Unknown hub method '" + "x".repeat(64) + "...'");
        assertThat(((Refused) HubMethods.bind((ObjectNode) json.readTree(
                "{\"invocationId\":\"5\",\"target\":\"JoinFleetGroup\",\"arguments\":[\"o\"]}"), true)).error())
                .contains("streaming invocation");
        assertThat(((Refused) bind("{\"target\":\"JoinFleetGroup\",\"arguments\":[\"o\"],\"streamIds\":[\"1\"]}")).error())
                .contains("Client-to-server streaming");
    }

    @Test
    void anInvalidInvocationIsAProtocolViolation() {
        assertThatThrownBy(() -> bind("{\"invocationId\":1,\"target\":\"JoinFleetGroup\",\"arguments\":[]}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'invocationId'");
        assertThatThrownBy(() -> bind("{\"arguments\":[]}")).hasMessageContaining("'target'");
        assertThatThrownBy(() -> bind("{\"target\":\"JoinFleetGroup\",\"arguments\":{}}")).hasMessageContaining("'arguments'");
    }

    @Test
    void anOwnerMayJoinOnlyItsOwnGroupAndStaffAnyValidOne() {
        HubMethods methods = new HubMethods(new OwnerAccess());
        QuarkusSecurityIdentity owner = QuarkusSecurityIdentity.builder()
                .setPrincipal(ownerToken("alice", "o1")).addRole(Roles.OWNER).build();
        QuarkusSecurityIdentity staff = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("bob")).addRole(Roles.STAFF).build();
        assertThat(methods.joinRefusal(staff, "o2")).isNull();
        assertThat(methods.joinRefusal(owner, "o2")).isEqualTo("Not allowed to join the fleet group of owner 'o2'.");
        assertThat(methods.joinRefusal(owner, "o1")).isNull();
        assertThat(methods.joinRefusal(staff, "bad id")).contains("ownerId must be 1-64 characters");
        assertThat(methods.joinRefusal(null, "o1")).startsWith("Not allowed");
    }

    /** A token principal with a subject and an owner_id claim, as smallrye-jwt would build it. */
    private static JsonWebToken ownerToken(String subject, String ownerId) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of(Roles.OWNER_ID_CLAIM);
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return Roles.OWNER_ID_CLAIM.equals(name) ? (T) ownerId : null;
            }
        };
    }
}
