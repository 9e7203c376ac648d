package io.fleetpulse.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The NOTIFY payload {@code <source>|<ownerId>|<seq>}: anything else (any client may NOTIFY) is no hint. */
class ChangeNotificationTest {

    @Test
    void aWellFormedPayloadIsTheOwnerAndItsSeq() {
        assertThat(ChangeNotification.parse("db|owner-1|42")).contains(new ChangeNotification("owner-1", 42));
        assertThat(ChangeNotification.parse("|owner-1|0")).as("the source is not read")
                .contains(new ChangeNotification("owner-1", 0));
    }

    @Test
    void theChannelIsTheOneTheTriggersNotify() {
        assertThat(ChangeNotification.CHANNEL).isEqualTo("fleetpulse_changes");
    }

    @Test
    void tooFewPartsOrAnEmptyOwnerAreNoHint() {
        assertThat(ChangeNotification.parse("")).isEmpty();
        assertThat(ChangeNotification.parse("owner-1|42")).isEmpty();
        assertThat(ChangeNotification.parse("db||42")).isEmpty();
    }

    @Test
    void aSeqThatIsNotANonNegativeLongIsNoHint() {
        for (String seq : new String[] {"", "x", "-1", "1.5", "99999999999999999999", "4|2"}) {
            assertThat(ChangeNotification.parse("db|owner-1|" + seq)).as(seq).isEqualTo(Optional.empty());
        }
    }
}
