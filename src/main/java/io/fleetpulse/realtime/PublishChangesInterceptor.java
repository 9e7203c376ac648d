package io.fleetpulse.realtime;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs outside {@code @WithTransaction} (priority 200): when the transactional Uni completes the
 * transaction has committed, so the events recorded inside it can be broadcast; on failure they vanish.
 */
@PublishChanges
@Interceptor
@Priority(100)
public class PublishChangesInterceptor {

    static final String PENDING = "fleetpulse.pending-changes";

    private final ChangeBroadcaster broadcaster;

    PublishChangesInterceptor(ChangeBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @AroundInvoke
    Object publishAfterCommit(InvocationContext invocation) {
        return Uni.createFrom().deferred(() -> {
            List<ChangeEvent> pending = new ArrayList<>();
            ContextLocals.put(PENDING, pending);
            return proceed(invocation)
                    .invoke(() -> broadcaster.publish(pending))
                    .eventually(() -> ContextLocals.remove(PENDING));
        });
    }

    @SuppressWarnings("unchecked")
    private static Uni<Object> proceed(InvocationContext invocation) {
        try {
            return (Uni<Object>) invocation.proceed();
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
    }
}
