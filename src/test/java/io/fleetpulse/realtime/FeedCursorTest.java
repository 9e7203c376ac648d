package io.fleetpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.changes.ChangeLogReader.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Every decision of the feed cursor, without sockets, threads or a database: a recording driver. */
class FeedCursorTest {

    private static final int MAX_IN_FLIGHT = 4;
    private static final int MAX_PENDING = 6;
    private static final int PAGE = 3;

    /** Records what the cursor asked for, in order. */
    static final class Driver implements FeedCursor.Effects {
        final List<String> calls = new ArrayList<>();
        final List<Long> sent = new ArrayList<>();

        @Override
        public void send(ChangeEvent event) {
            sent.add(event.seq());
            calls.add("send " + event.seq());
        }

        @Override
        public void fetch(long afterSeq) {
            calls.add("fetch " + afterSeq);
        }

        @Override
        public void window() {
            calls.add("window");
        }

        @Override
        public void resync(long seq) {
            calls.add("resync " + seq);
        }

        @Override
        public void tooSlow() {
            calls.add("tooSlow");
        }
    }

    private final Driver driver = new Driver();
    private final FeedCursor cursor = new FeedCursor(driver, MAX_IN_FLIGHT, MAX_PENDING, PAGE);

    static ChangeEvent event(long seq) {
        return new ChangeEvent(seq, ChangeEvent.FLEET_UPDATED, "o", Instant.EPOCH, "{}");
    }

    static List<ChangeEvent> events(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(FeedCursorTest::event).toList();
    }

    private void ack(int times) {
        for (int i = 0; i < times; i++) {
            cursor.sent();
        }
    }

    @Test
    void withoutSinceItStartsAtTheCurrentSeqAndSendsWhatFollows() {
        cursor.begin(new Window(5, 1L), null);
        cursor.live(events(5, 7));
        assertThat(driver.calls).containsExactly("send 6", "send 7");
        assertThat(cursor.position()).isEqualTo(7);
    }

    @Test
    void liveEventsBeforeTheWindowAreHeldThenSentFromThePosition() {
        cursor.live(events(3, 4));
        assertThat(driver.calls).isEmpty();
        cursor.begin(new Window(3, 1L), null);
        assertThat(driver.calls).containsExactly("send 4");
    }

    @Test
    void sinceBehindTheLogReplaysPageByPageThenFollowsLive() {
        cursor.begin(new Window(8, 1L), 2L);
        assertThat(driver.calls).containsExactly("fetch 2");
        cursor.live(events(9, 9)); // held while replaying
        cursor.page(events(3, 5)); // a full page: more to read, and only 3 in flight (> max/2): wait
        assertThat(driver.calls).containsExactly("fetch 2", "send 3", "send 4", "send 5");
        ack(1); // 2 in flight = max/2: read on
        assertThat(driver.calls).endsWith("fetch 5");
        ack(2);
        cursor.page(events(6, 8)); // full again, 3 in flight: wait for the socket
        ack(3);
        assertThat(driver.calls).endsWith("fetch 8");
        cursor.page(List.of()); // the end of the log: the held live event follows
        assertThat(driver.sent).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void onlyAResumableSinceBehindTheLogIsAReplay() {
        assertThat(new FeedCursor(new Driver(), MAX_IN_FLIGHT, MAX_PENDING, PAGE).begin(new Window(8, 1L), 2L)).isTrue();
        assertThat(new FeedCursor(new Driver(), MAX_IN_FLIGHT, MAX_PENDING, PAGE).begin(new Window(8, 1L), 8L)).isFalse();
        assertThat(new FeedCursor(new Driver(), MAX_IN_FLIGHT, MAX_PENDING, PAGE).begin(new Window(8, 1L), null)).isFalse();
        assertThat(new FeedCursor(new Driver(), MAX_IN_FLIGHT, MAX_PENDING, PAGE).begin(new Window(50, 40L), 10L))
                .as("a resync").isFalse();
        FeedCursor stopped = new FeedCursor(new Driver(), MAX_IN_FLIGHT, MAX_PENDING, PAGE);
        stopped.stop();
        assertThat(stopped.begin(new Window(8, 1L), 2L)).isFalse();
    }

    @Test
    void sinceAtTheCurrentSeqReadsNothing() {
        cursor.begin(new Window(4, 1L), 4L);
        cursor.live(events(5, 5));
        assertThat(driver.calls).containsExactly("send 5");
    }

    @Test
    void sinceThatCannotBeResumedIsOneResyncToTheCurrentSeq() {
        cursor.begin(new Window(50, 40L), 10L);
        assertThat(driver.calls).containsExactly("resync 50");
        cursor.live(events(51, 51));
        assertThat(driver.calls).containsExactly("resync 50", "send 51");
    }

    @Test
    void sinceAheadOfTheServerIsAResync() {
        cursor.begin(new Window(3, 1L), 9L);
        assertThat(driver.calls).containsExactly("resync 3");
    }

    @Test
    void aGapInLiveEventsIsFilledFromTheLog() {
        cursor.begin(new Window(2, 1L), null);
        cursor.live(events(5, 5));
        assertThat(driver.calls).containsExactly("fetch 2");
        cursor.page(events(3, 4));
        assertThat(driver.sent).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aPageThatDoesNotStartAtTheNextSeqMeansHistoryWasPrunedAndResyncs() {
        cursor.begin(new Window(10, 1L), 2L);
        cursor.page(events(7, 8));
        assertThat(driver.calls).containsExactly("fetch 2", "window");
        cursor.resyncWindow(new Window(12, 7L));
        assertThat(driver.calls).endsWith("resync 12");
        assertThat(cursor.position()).isEqualTo(12);
    }

    @Test
    void anEmptyPageWhileEventsAreKnownMissingResyncs() {
        cursor.begin(new Window(2, 1L), null);
        cursor.live(events(6, 6)); // a gap: fetch
        cursor.page(List.of()); // the log has nothing after 2, yet 6 exists: 3..5 were pruned
        assertThat(driver.calls).containsExactly("fetch 2", "window");
    }

    @Test
    void nothingMoreThanTheInFlightLimitIsWrittenUntilTheSocketTakesIt() {
        cursor.begin(new Window(0, null), null);
        cursor.live(events(1, 6));
        assertThat(driver.sent).containsExactly(1L, 2L, 3L, 4L);
        ack(1);
        assertThat(driver.sent).containsExactly(1L, 2L, 3L, 4L, 5L);
        ack(1);
        assertThat(driver.sent).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aClientThatStopsReadingIsTooSlowOncePendingOverflows() {
        cursor.begin(new Window(0, null), null);
        cursor.live(events(1, 4)); // all in flight, none acknowledged
        cursor.live(events(5, 10)); // 6 pending: at the limit
        assertThat(driver.calls).doesNotContain("tooSlow");
        cursor.live(events(11, 11));
        assertThat(driver.calls).endsWith("tooSlow");
        cursor.live(events(12, 12));
        ack(4);
        assertThat(driver.sent).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void overflowWhileReplayingDropsTheLiveEventsAndReadsThemFromTheLog() {
        cursor.begin(new Window(3, 1L), 0L);
        cursor.live(events(4, 10)); // 7 pending while the replay read is under way: let them go
        cursor.page(events(1, 2)); // the end of what the replay saw
        assertThat(driver.calls).containsExactly("fetch 0", "send 1", "send 2", "fetch 2");
        cursor.page(events(3, 5));
        ack(3);
        assertThat(driver.calls).endsWith("fetch 5");
        cursor.page(events(6, 8));
        ack(3);
        cursor.page(events(9, 10));
        assertThat(driver.sent).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void duplicatesAndOldEventsAreNeverSentTwice() {
        cursor.begin(new Window(2, 1L), null);
        cursor.live(events(1, 3));
        cursor.live(events(3, 4));
        assertThat(driver.sent).containsExactly(3L, 4L);
    }

    @Test
    void afterStopNothingIsDecided() {
        cursor.begin(new Window(0, null), null);
        cursor.stop();
        cursor.live(events(1, 2));
        cursor.page(events(1, 2));
        cursor.resyncWindow(new Window(5, 1L));
        ack(1);
        assertThat(driver.calls).isEmpty();
    }

    @Test
    void anOverflowBeforeTheWindowIsKnownLetsTheEventsGoAndReadsThemFromTheLog() {
        cursor.live(events(1, 7)); // 7 pending, nothing sent yet and no read under way: drop them, the log has them
        assertThat(driver.calls).isEmpty();
        cursor.begin(new Window(0, null), null);
        assertThat(driver.calls).containsExactly("fetch 0");
        cursor.page(events(1, 3));
        ack(1);
        cursor.page(events(4, 6));
        ack(3);
        cursor.page(events(7, 7));
        assertThat(driver.sent).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(driver.calls).containsSubsequence("fetch 0", "fetch 3", "fetch 6").endsWith("send 7");
    }

    @Test
    void aFullPageReadsOnAtOnceWhenLittleIsInFlight() {
        FeedCursor wide = new FeedCursor(driver, 8, 20, PAGE);
        wide.begin(new Window(9, 1L), 0L);
        wide.page(events(1, 3)); // 3 in flight <= 8 / 2: no need to wait for the socket
        assertThat(driver.calls).containsExactly("fetch 0", "send 1", "send 2", "send 3", "fetch 3");
    }

    @Test
    void aReplayPausedForTheSocketWaitsUntilHalfOfWhatIsInFlightIsTaken() {
        FeedCursor paged = new FeedCursor(driver, 4, 20, 4);
        paged.begin(new Window(9, 1L), 0L);
        paged.page(events(1, 4)); // 4 in flight
        paged.sent(); // 3 > 4 / 2: still paused
        assertThat(driver.calls).endsWith("send 4");
        paged.sent(); // 2: read on
        assertThat(driver.calls).endsWith("send 4", "fetch 4");
    }

    @Test
    void anOverflowWhilePausedForTheSocketIsTooSlow() {
        cursor.begin(new Window(3, 1L), 0L);
        cursor.page(events(1, 3)); // a full page, 3 in flight: paused until the socket takes some
        cursor.live(events(4, 10)); // 7 pending while the socket does not take anything
        assertThat(driver.calls).endsWith("tooSlow");
        ack(3);
        assertThat(driver.calls).endsWith("tooSlow");
    }

    @Test
    void liveEventsThatAReplayPageAlsoHoldsAreSentOnce() {
        cursor.begin(new Window(2, 1L), 0L);
        cursor.live(events(3, 4)); // committed after the window: held while the replay reads
        cursor.page(events(1, 3)); // the read already sees 3
        ack(1);
        cursor.page(events(4, 4));
        assertThat(driver.sent).containsExactly(1L, 2L, 3L, 4L);
        cursor.live(events(5, 5));
        assertThat(driver.sent).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aResyncTakesAPlaceInFlightAndLiveEventsPastItFollow() {
        FeedCursor narrow = new FeedCursor(driver, 2, MAX_PENDING, PAGE);
        narrow.begin(new Window(50, 40L), 10L);
        narrow.live(events(51, 53));
        assertThat(driver.calls).containsExactly("resync 50", "send 51"); // the resync and 51 fill the two places
        narrow.sent(); // the resync was written
        assertThat(driver.calls).containsExactly("resync 50", "send 51", "send 52");
    }

    @Test
    void aResyncAfterPruningDropsTheHeldEventsItCovers() {
        cursor.begin(new Window(2, 1L), null);
        cursor.live(events(5, 6)); // a gap: read 3 and 4
        cursor.page(events(4, 5)); // 3 is gone
        cursor.resyncWindow(new Window(6, 4L));
        cursor.live(events(7, 7));
        assertThat(driver.calls).containsExactly("fetch 2", "window", "resync 6", "send 7");
    }
}
