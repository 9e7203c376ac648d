package io.fleetpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.changes.ScriptedChangeLog;
import io.fleetpulse.config.FleetPulseConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The broadcaster against a scripted log: what a feed that starts reading after follow() completes is sent. */
class ChangeBroadcasterTest {

    private static final String OWNER = "owner-1";
    private final Vertx vertx = Vertx.vertx();
    private final ScriptedChangeLog log = new ScriptedChangeLog();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ChangeBroadcaster broadcaster = new ChangeBroadcaster(log,
            new RealtimeMetrics(registry, null), vertx, config(100));

    @AfterEach
    void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A listener that records what it gets, as a feed does after it read its window. */
    private final class Recorder implements ChangeBroadcaster.Listener {
        final Context context = vertx.getOrCreateContext();
        final List<Long> seqs = new CopyOnWriteArrayList<>();

        @Override
        public void onEvents(List<ChangeEvent> events) {
            events.forEach(event -> seqs.add(event.seq()));
        }

        @Override
        public Context context() {
            return context;
        }
    }

    @Test
    void commitsBetweenTheFollowAndTheFirstSeqReadReachAFeedThatReadsItsWindowAfterTheFollow() {
        log.commit(OWNER);
        log.commit(OWNER); // seq 2 before the feed opens
        log.holdSeqReads(); // the broadcaster's first read of the owner's seq runs late
        Recorder feed = new Recorder();
        AtomicLong window = new AtomicLong(-1);
        // The feed's contract: once follow() completes, a window read cannot miss an event it will not get live.
        broadcaster.follow(OWNER, feed).subscribe().with(ignored -> window.set(log.seq()));
        await().atMost(Duration.ofSeconds(10)).until(() -> log.heldSeqReads() == 1);
        broadcaster.listenersOf(OWNER).await().atMost(Duration.ofSeconds(10)); // the follow's task has run
        for (int i = 0; i < 3; i++) {
            ChangeEvent event = log.commit(OWNER); // seqs 3..5 commit while the first seq read is still out
            broadcaster.hint(OWNER, event.seq());
        }
        log.releaseSeqReads(); // it answers 5: the commits above ran before it
        await().atMost(Duration.ofSeconds(10)).until(() -> window.get() >= 0);

        ChangeEvent later = log.commit(OWNER);
        broadcaster.hint(OWNER, later.seq());
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.seqs.contains(later.seq()));
        // Everything after the window the feed read, delivered live: nothing in between left for a later gap.
        List<Long> expected = java.util.stream.LongStream.rangeClosed(window.get() + 1, later.seq()).boxed().toList();
        assertThat(feed.seqs).as("window read at %d", window.get()).containsExactlyElementsOf(expected);
    }

    @Test
    void aFeedOfAnOwnerAlreadyFollowedGetsEveryLaterCommitOnce() {
        Recorder first = new Recorder();
        broadcaster.follow(OWNER, first).await().atMost(Duration.ofSeconds(10));
        Recorder second = new Recorder();
        broadcaster.follow(OWNER, second).await().atMost(Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            broadcaster.hint(OWNER, log.commit(OWNER).seq());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> first.seqs.size() == 5 && second.seqs.size() == 5);
        assertThat(first.seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(second.seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aChangeCostsOneReadOfTheLogHoweverManyFeedsOfItsOwnerThisReplicaHolds() {
        List<Recorder> feeds = IntStream.range(0, 40).mapToObj(i -> new Recorder()).toList();
        feeds.forEach(feed -> broadcaster.follow(OWNER, feed).await().atMost(Duration.ofSeconds(10)));
        int readsBefore = log.pageReads();
        for (int i = 0; i < 10; i++) {
            ChangeEvent event = log.commit(OWNER);
            broadcaster.hint(OWNER, event.seq());
            // One change at a time: a hint that arrives during a read may rightly cost a second read.
            await().atMost(Duration.ofSeconds(10)).until(() -> feeds.stream().allMatch(f -> f.seqs.contains(event.seq())));
        }
        assertThat(feeds).allSatisfy(feed -> assertThat(feed.seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
        assertThat(log.pageReads() - readsBefore).as("page reads for 10 changes to 40 feeds").isEqualTo(10);
        assertThat(registry.get("fleetpulse.feed.log.reads").counter().count()).isEqualTo(log.pageReads());
    }

    @Test
    void aHintBeyondTheLogCostsOneReadAndDeliversNothing() {
        Recorder feed = new Recorder();
        broadcaster.follow(OWNER, feed).await().atMost(Duration.ofSeconds(10));
        broadcaster.hint(OWNER, 1_000); // forged: nothing was committed
        ChangeEvent real = log.commit(OWNER);
        broadcaster.hint(OWNER, real.seq());
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.seqs.contains(real.seq()));
        assertThat(feed.seqs).containsExactly(1L);
    }

    @Test
    void aRealHintDuringTheReadOfAHintBeyondTheLogIsNotLost() {
        Recorder feed = new Recorder();
        broadcaster.follow(OWNER, feed).await().atMost(Duration.ofSeconds(10));
        log.holdPageReads();
        broadcaster.hintAll(); // the LISTEN connection came back: read everything, hinted beyond any log
        await().atMost(Duration.ofSeconds(10)).until(() -> log.heldPageReads() == 1);
        ChangeEvent real = log.commit(OWNER); // committed after that read was made: it cannot see it
        broadcaster.hint(OWNER, real.seq());
        broadcaster.listenersOf(OWNER).await().atMost(Duration.ofSeconds(10)); // the hint's task has run
        log.releasePageReads();
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.seqs.contains(real.seq()));
        assertThat(feed.seqs).containsExactly(real.seq());
    }

    /** Only {@code realtime().replayPageSize()} is read by the broadcaster. */
    private static FleetPulseConfig config(int pageSize) {
        FleetPulseConfig.Realtime realtime = (FleetPulseConfig.Realtime) Proxy.newProxyInstance(
                ChangeBroadcasterTest.class.getClassLoader(), new Class<?>[] {FleetPulseConfig.Realtime.class},
                (proxy, method, args) -> method.getName().equals("replayPageSize") ? pageSize : null);
        return (FleetPulseConfig) Proxy.newProxyInstance(ChangeBroadcasterTest.class.getClassLoader(),
                new Class<?>[] {FleetPulseConfig.class},
                (proxy, method, args) -> method.getName().equals("realtime") ? realtime : null);
    }
}
