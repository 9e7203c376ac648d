package io.fleetpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A socket failure's close code: an oversized message is the client's fault (1009), anything else ours (1011). */
class SocketFailuresTest {

    @Test
    void anOversizedMessageIsMessageTooBigWhereverItIsInTheCauseChain() {
        assertThat(SocketFailures.closeCodeFor(new IllegalStateException("Size of the message exceeds max message size")))
                .isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        assertThat(SocketFailures.closeCodeFor(new IllegalStateException("frame too big"))).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        assertThat(SocketFailures.closeCodeFor(new RuntimeException("bigger than maxWebSocketFrameSize")))
                .isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        assertThat(SocketFailures.closeCodeFor(new CompletionException(new CorruptedWebSocketFrameException())))
                .isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        assertThat(SocketFailures.closeCodeFor(new RuntimeException(new TooLongFrameException())))
                .isEqualTo(CloseCode.MESSAGE_TOO_BIG);
    }

    @Test
    void anythingElseIsAnInternalError() {
        assertThat(SocketFailures.closeCodeFor(new IllegalStateException("boom"))).isEqualTo(CloseCode.INTERNAL_ERROR);
        assertThat(SocketFailures.closeCodeFor(new NullPointerException())).isEqualTo(CloseCode.INTERNAL_ERROR);
        assertThat(SocketFailures.closeCodeFor(null)).isEqualTo(CloseCode.INTERNAL_ERROR);
        assertThat(SocketFailures.isTooBig(new RuntimeException("fine", new IllegalStateException("also fine")))).isFalse();
    }
}
