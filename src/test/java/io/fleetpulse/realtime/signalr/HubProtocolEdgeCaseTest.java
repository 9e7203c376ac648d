package io.fleetpulse.realtime.signalr;

import static io.fleetpulse.support.RawHubSocket.HANDSHAKE;
import static io.fleetpulse.support.RawHubSocket.RS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.fleetpulse.support.RawHubSocket;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JSON hub protocol at its edges, with a raw WebSocket: malformed input closes cleanly and leaks nothing. */
@QuarkusTest
class HubProtocolEdgeCaseTest {

    /** What a message must never contain: exception class names, stack frames, parser internals. */
    private static final Pattern LEAK = Pattern.compile("Exception|\\bat [a-z]+\\.|java\\.|io\\.|com\\.fasterxml|"
            + "jackson|vertx|quarkus|line: \\d|column: \\d", Pattern.CASE_INSENSITIVE);

    @TestHTTPResource("/hub/fleets")
    URI hub;

    private RawHubSocket opened() {
        String jwt = Tokens.owner(Tokens.newOwnerId());
        return RawHubSocket.open(hub, RawHubSocket.negotiate(jwt), jwt);
    }

    private RawHubSocket connected() {
        return RawHubSocket.connected(hub, Tokens.owner(Tokens.newOwnerId()));
    }

    private static void assertClosedWithError(RawHubSocket socket, String expected) {
        await().atMost(Duration.ofSeconds(10)).until(socket::isClosed);
        String last = socket.nonPingRecords().get(socket.nonPingRecords().size() - 1);
        assertThat(last, containsString(expected));
        assertNoLeaks(socket);
    }

    private static void assertNoLeaks(RawHubSocket socket) {
        for (String message : socket.messages) {
            assertThat("no server internals in " + message, LEAK.matcher(message).find(), equalTo(false));
        }
    }

    @Test
    void theHandshakeIsAnsweredWithAnEmptyObjectAndRecordsMayFollowInTheSameFrame() {
        try (RawHubSocket socket = opened()) {
            socket.send(HANDSHAKE + "{\"type\":6}" + RS + "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Nope\",\"arguments\":[]}" + RS);
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.nonPingRecords().size() >= 2);
            assertThat(socket.nonPingRecords(), contains("{}",
                    "{\"type\":3,\"invocationId\":\"1\",\"error\":\"Unknown hub method 'Nope'\"}"));
        }
    }

    @Test
    void handshakeGarbageIsAnsweredWithAnErrorAndAClose() {
        try (RawHubSocket socket = opened()) {
            socket.send("{\"protocol\":json" + RS);
            assertClosedWithError(socket, "{\"error\":\"Invalid handshake request");
        }
    }

    @Test
    void anUnsupportedProtocolIsRefusedInTheHandshake() {
        try (RawHubSocket socket = opened()) {
            socket.send("{\"protocol\":\"protobuf\",\"version\":1}" + RS);
            assertClosedWithError(socket, "{\"error\":\"The protocol 'protobuf' is not supported.\"}");
        }
    }

    @Test
    void anUnsupportedProtocolVersionIsRefusedInTheHandshake() {
        try (RawHubSocket socket = opened()) {
            socket.send("{\"protocol\":\"json\",\"version\":3}" + RS);
            assertClosedWithError(socket, "does not support version 3 of the 'json' protocol");
        }
    }

    @Test
    void anInvocationBeforeTheHandshakeClosesTheConnectionWithAnError() {
        try (RawHubSocket socket = opened()) {
            socket.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"JoinFleetGroup\",\"arguments\":[\"x\"]}" + RS);
            assertClosedWithError(socket, "{\"error\":\"Handshake request is missing required property 'protocol'.\"}");
        }
    }

    @Test
    void aRecordWithoutSeparatorClosesTheConnectionWithAnError() {
        try (RawHubSocket socket = connected()) {
            socket.send("{\"type\":6}");
            assertClosedWithError(socket, "\"type\":7,\"error\":\"Incomplete message");
        }
    }

    @Test
    void aHandshakeWithoutSeparatorIsRefused() {
        try (RawHubSocket socket = opened()) {
            socket.send("{\"protocol\":\"json\",\"version\":1}");
            assertClosedWithError(socket, "{\"error\":\"Incomplete message");
        }
    }

    @Test
    void anOversizedMessageClosesTheConnectionWithAnError() {
        try (RawHubSocket socket = connected()) {
            String big = "{\"type\":1,\"target\":\"LeaveFleetGroup\",\"arguments\":[\"" + "x".repeat(100_000) + "\"]}" + RS;
            socket.send(big);
            assertClosedWithError(socket, "\"type\":7,\"error\":\"Message exceeds the maximum size of 65536 bytes.\"");
            assertThat(socket.closeCode.join(), equalTo(1009));
        }
    }

    @Test
    void anOversizedMessageInSeveralFramesClosesTheConnectionWithAnError() {
        try (RawHubSocket socket = connected()) {
            String big = "{\"type\":1,\"target\":\"LeaveFleetGroup\",\"arguments\":[\"" + "x".repeat(70_000) + "\"]}" + RS;
            socket.sendFragmented(big, 16_384);
            assertClosedWithError(socket, "Message exceeds the maximum size");
        }
    }

    @Test
    void invalidJsonAfterTheHandshakeClosesWithAnErrorThatLeaksNothing() {
        try (RawHubSocket socket = connected()) {
            socket.send("{\"type\":1,\"target\":\"x\",\"arguments\":[" + RS);
            assertClosedWithError(socket, "{\"type\":7,\"error\":\"Invalid message: not valid JSON.\",\"allowReconnect\":false}");
        }
    }

    @Test
    void aRecordWithoutTypeClosesWithAnError() {
        try (RawHubSocket socket = connected()) {
            socket.send("{\"target\":\"x\"}" + RS);
            assertClosedWithError(socket, "missing required property 'type'");
        }
    }

    @Test
    void anUnknownHubMethodIsAnErrorCompletionAndTheConnectionStaysOpen() {
        try (RawHubSocket socket = connected()) {
            socket.send("{\"type\":1,\"invocationId\":\"7\",\"target\":\"DeleteEverything\",\"arguments\":[1,2]}" + RS);
            socket.awaitRecord("{\"type\":3,\"invocationId\":\"7\",\"error\":\"Unknown hub method 'DeleteEverything'\"}");
            socket.send("{\"type\":1,\"invocationId\":\"8\",\"target\":\"LeaveFleetGroup\",\"arguments\":[\"a\"]}" + RS);
            socket.awaitRecord("{\"type\":3,\"invocationId\":\"8\"}");
            assertThat(socket.isClosed(), equalTo(false));
        }
    }

    @Test
    void anInvocationWithoutIdGetsNoCompletionEvenWhenItFails() {
        try (RawHubSocket socket = connected()) {
            socket.send("{\"type\":1,\"target\":\"DeleteEverything\",\"arguments\":[]}" + RS
                    + "{\"type\":1,\"invocationId\":\"2\",\"target\":\"LeaveFleetGroup\",\"arguments\":[\"a\"]}" + RS);
            socket.awaitRecord("{\"type\":3,\"invocationId\":\"2\"}");
            assertThat(socket.nonPingRecords(), contains("{}", "{\"type\":3,\"invocationId\":\"2\"}"));
        }
    }

    @Test
    void aStreamInvocationIsAnsweredWithAnErrorCompletion() {
        try (RawHubSocket socket = connected()) {
            socket.send("{\"type\":4,\"invocationId\":\"s1\",\"target\":\"JoinFleetGroup\",\"arguments\":[\"a\"]}" + RS);
            socket.awaitRecord("{\"type\":3,\"invocationId\":\"s1\",\"error\":\"The client attempted to invoke the "
                    + "non-streaming 'JoinFleetGroup' method with a streaming invocation.\"}");
            socket.send("{\"type\":4,\"invocationId\":\"s2\",\"target\":\"Counter\",\"arguments\":[]}" + RS);
            socket.awaitRecord("{\"type\":3,\"invocationId\":\"s2\",\"error\":\"Unknown hub method 'Counter'\"}");
        }
    }

    @Test
    void wrongArgumentsAreAnErrorCompletion() {
        try (RawHubSocket socket = connected()) {
            socket.send("{\"type\":1,\"invocationId\":\"a\",\"target\":\"JoinFleetGroup\",\"arguments\":[]}" + RS
                    + "{\"type\":1,\"invocationId\":\"b\",\"target\":\"JoinFleetGroup\",\"arguments\":[42]}" + RS
                    + "{\"type\":1,\"invocationId\":\"c\",\"target\":\"JoinFleetGroup\",\"arguments\":[\"x\",-1]}" + RS);
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.nonPingRecords().size() >= 4);
            List<String> replies = socket.nonPingRecords();
            assertThat(replies.get(1), containsString("\"invocationId\":\"a\",\"error\":\"Failed to invoke 'JoinFleetGroup'"));
            assertThat(replies.get(2), containsString("\"invocationId\":\"b\",\"error\":\"Failed to invoke 'JoinFleetGroup': ownerId must be a string."));
            assertThat(replies.get(3), containsString("\"invocationId\":\"c\",\"error\":\"Failed to invoke 'JoinFleetGroup': sinceSeq"));
            assertNoLeaks(socket);
        }
    }

    @Test
    void joiningAnotherOwnersGroupIsAnErrorCompletion() {
        try (RawHubSocket socket = connected()) {
            String other = Tokens.newOwnerId();
            socket.send("{\"type\":1,\"invocationId\":\"j\",\"target\":\"JoinFleetGroup\",\"arguments\":[\"" + other + "\"]}" + RS);
            socket.awaitRecord("{\"type\":3,\"invocationId\":\"j\",\"error\":\"Not allowed to join the fleet group of owner '"
                    + other + "'.\"}");
        }
    }

    @Test
    void hubMethodNamesAreCaseInsensitiveAsInAspNetCore() {
        String owner = Tokens.newOwnerId();
        try (RawHubSocket socket = RawHubSocket.connected(hub, Tokens.owner(owner))) {
            socket.send("{\"type\":1,\"invocationId\":\"j\",\"target\":\"joinfleetgroup\",\"arguments\":[\"" + owner + "\"]}" + RS);
            socket.awaitRecord("{\"type\":3,\"invocationId\":\"j\",\"result\":{\"ownerId\":\"" + owner + "\",\"seq\":0}}");
        }
    }

    @Test
    void unknownMessageTypesAndClientPingsAreIgnored() {
        try (RawHubSocket socket = connected()) {
            socket.send("{\"type\":6}" + RS + "{\"type\":99,\"x\":1}" + RS + "{\"type\":5,\"invocationId\":\"z\"}" + RS
                    + "{\"type\":1,\"invocationId\":\"after\",\"target\":\"LeaveFleetGroup\",\"arguments\":[\"a\"]}" + RS);
            socket.awaitRecord("{\"type\":3,\"invocationId\":\"after\"}");
            assertThat(socket.isClosed(), equalTo(false));
        }
    }

    @Test
    void theServerSendsPingsAfterTheHandshake() {
        try (RawHubSocket socket = connected()) {
            // The test profile pings every 2 s (15 s in production).
            await().atMost(Duration.ofSeconds(8)).until(() -> socket.records.contains("{\"type\":6}"));
        }
    }

    @Test
    void aConnectionWithoutHandshakeIsClosedAfterTheHandshakeTimeout() {
        try (RawHubSocket socket = opened()) {
            // The test profile's timeout is 2 s (15 s in production).
            await().atMost(Duration.ofSeconds(8)).until(socket::isClosed);
            assertThat(socket.records, hasItem("{\"error\":\"Handshake was not received within 2 seconds.\"}"));
            assertThat(socket.records, not(hasItem("{}")));
        }
    }

    @Test
    void aCloseRecordFromTheClientClosesTheSocket() {
        try (RawHubSocket socket = connected()) {
            socket.send("{\"type\":7}" + RS);
            await().atMost(Duration.ofSeconds(10)).until(socket::isClosed);
        }
    }
}
