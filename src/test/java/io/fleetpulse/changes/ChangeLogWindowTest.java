package io.fleetpulse.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpulse.changes.ChangeLogReader.Window;
import org.junit.jupiter.api.Test;

/** Whether a client can resume from its since: every event after it must still be in the log. */
class ChangeLogWindowTest {

    @Test
    void theCurrentSeqCanAlwaysBeResumedEvenFromAnEmptyLog() {
        assertThat(new Window(0, null).canResumeFrom(0)).isTrue();
        assertThat(new Window(7, null).canResumeFrom(7)).isTrue();
    }

    @Test
    void aSeqWeNeverIssuedCannot() {
        assertThat(new Window(7, 1L).canResumeFrom(8)).isFalse();
    }

    @Test
    void behindTheCurrentSeqOnlyIfTheNextEventIsStillInTheLog() {
        Window window = new Window(10, 4L);
        assertThat(window.canResumeFrom(3)).as("4 is the next").isTrue();
        assertThat(window.canResumeFrom(5)).isTrue();
        assertThat(window.canResumeFrom(2)).as("3 was pruned").isFalse();
        assertThat(new Window(10, null).canResumeFrom(9)).as("all pruned").isFalse();
    }
}
