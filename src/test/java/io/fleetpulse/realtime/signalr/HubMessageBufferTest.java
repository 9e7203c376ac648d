package io.fleetpulse.realtime.signalr;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpulse.realtime.signalr.HubMessageBuffer.Buffered;
import io.fleetpulse.realtime.signalr.HubMessageBuffer.Inbound;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stateful reconnect's sequence bookkeeping, branch by branch. */
class HubMessageBufferTest {

    @Test
    void recordsAreNumberedFromOneAndKeptUntilAcknowledged() {
        HubMessageBuffer buffer = new HubMessageBuffer(1000);
        assertThat(buffer.sent("a")).isEqualTo(1);
        assertThat(buffer.sent("b")).isEqualTo(2);
        assertThat(buffer.sent("c")).isEqualTo(3);
        assertThat(buffer.ack(2)).isTrue();
        assertThat(buffer.replayFrom()).isEqualTo(3);
        assertThat(buffer.replay()).containsExactly(new Buffered(3, "c"));
    }

    @Test
    void withEverythingAcknowledgedTheReplayStartsAtTheNextId() {
        HubMessageBuffer buffer = new HubMessageBuffer(1000);
        buffer.sent("a");
        buffer.ack(1);
        assertThat(buffer.replayFrom()).isEqualTo(2);
        assertThat(buffer.replay()).isEmpty();
        assertThat(buffer.resumable()).isTrue();
    }

    @Test
    void anAckOfAnIdNeverSentIsRefused() {
        HubMessageBuffer buffer = new HubMessageBuffer(1000);
        buffer.sent("a");
        assertThat(buffer.ack(2)).isFalse();
        assertThat(buffer.replay()).hasSize(1);
    }

    @Test
    void anOlderAckAfterANewerOneChangesNothing() {
        HubMessageBuffer buffer = new HubMessageBuffer(1000);
        buffer.sent("a");
        buffer.sent("b");
        buffer.ack(2);
        assertThat(buffer.ack(1)).isTrue();
        assertThat(buffer.replayFrom()).isEqualTo(3);
    }

    @Test
    void pastTheLimitRecordsAreNumberedButNotKeptAndNoReplayIsPossibleUntilTheyAreAcknowledged() {
        HubMessageBuffer buffer = new HubMessageBuffer(5);
        buffer.sent("abc");
        assertThat(buffer.sent("def")).isEqualTo(2); // 6 > 5: not kept
        assertThat(buffer.resumable()).isFalse();
        buffer.ack(1);
        assertThat(buffer.resumable()).isFalse();
        assertThat(buffer.sent("gh")).isEqualTo(3); // room again: kept
        buffer.ack(2);
        assertThat(buffer.resumable()).isTrue();
        assertThat(buffer.replay()).containsExactly(new Buffered(3, "gh"));
    }

    @Test
    void theClientsRecordsResentAfterAReconnectAreDuplicates() {
        HubMessageBuffer buffer = new HubMessageBuffer(1000);
        assertThat(buffer.received()).isEqualTo(Inbound.PROCESS);
        assertThat(buffer.received()).isEqualTo(Inbound.PROCESS);
        assertThat(buffer.inboundLatest()).isEqualTo(2);
        assertThat(buffer.clientSequence(2)).isTrue(); // the client resends from its record 2
        assertThat(buffer.received()).isEqualTo(Inbound.DUPLICATE);
        assertThat(buffer.received()).isEqualTo(Inbound.PROCESS);
        assertThat(buffer.inboundLatest()).isEqualTo(3);
    }

    @Test
    void aClientSequenceBeyondWhatItSentOrBelowOneIsRefused() {
        HubMessageBuffer buffer = new HubMessageBuffer(1000);
        buffer.received();
        assertThat(buffer.clientSequence(3)).isFalse();
        assertThat(buffer.clientSequence(0)).isFalse();
        assertThat(buffer.clientSequence(2)).isTrue();
    }

    @Test
    void aBufferContinuedFromItsStateNumbersAndReplaysAsTheOriginalWould() {
        HubMessageBuffer original = new HubMessageBuffer(1000);
        original.sent("a");
        original.sent("b");
        original.ack(1);
        original.received();
        HubMessageBuffer continued = new HubMessageBuffer(1000, original.state());
        assertThat(continued.replayFrom()).isEqualTo(2);
        assertThat(continued.replay()).containsExactly(new Buffered(2, "b"));
        assertThat(continued.sent("c")).isEqualTo(3);
        assertThat(continued.ack(3)).isTrue();
        assertThat(continued.replay()).isEmpty();
        assertThat(continued.inboundLatest()).isEqualTo(1);
        assertThat(continued.state().unacked()).isEqualTo(List.of());
    }
}
