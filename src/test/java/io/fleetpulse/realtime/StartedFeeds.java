package io.fleetpulse.realtime;

import java.time.Duration;

/** Waits until an owner's feeds on this replica have started: each knows its position, so a commit from now on reaches it. */
final class StartedFeeds {

    private StartedFeeds() {
    }

    /** Waits until {@code count} feeds of the owner have read their start window. */
    static void await(ChangeBroadcaster broadcaster, String ownerId, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started(broadcaster, ownerId) == count);
    }

    static long started(ChangeBroadcaster broadcaster, String ownerId) {
        return broadcaster.listenersOf(ownerId).await().atMost(Duration.ofSeconds(5)).stream()
                .filter(listener -> listener instanceof FeedSubscription feed && feed.position() >= 0)
                .count();
    }
}
