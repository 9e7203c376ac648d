package io.fleetpulse.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpulse.fleet.FleetResource;
import io.fleetpulse.realtime.ws.OwnerFeedSocket;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Metric uri labels: only route templates and Micrometer's fixed values; any other path becomes UNMATCHED. */
class MetricUriLabelsTest {

    // The application's own resource and socket classes: a @Path or @WebSocket class declared in a test would
    // become an endpoint of every @QuarkusTest application (and a socket without @OnOpen fails its build).

    @SuppressWarnings("unchecked")
    static BeanManager beansOf(Class<?>... types) {
        Set<Bean<?>> beans = new java.util.HashSet<>();
        for (Class<?> type : types) {
            beans.add((Bean<?>) Proxy.newProxyInstance(MetricUriLabelsTest.class.getClassLoader(),
                    new Class<?>[] {Bean.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getBeanClass" -> type;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    }));
        }
        return (BeanManager) Proxy.newProxyInstance(MetricUriLabelsTest.class.getClassLoader(),
                new Class<?>[] {BeanManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getBeans")) {
                        return beans;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static String label(MeterFilter filter, String uri) {
        Meter.Id id = new Meter.Id("http.server.requests", uri == null ? Tags.empty() : Tags.of("uri", uri), null, null,
                Meter.Type.TIMER);
        return filter.map(id).getTag("uri");
    }

    @Test
    void normalizeGivesOneLeadingSlashNoDuplicateOrTrailingSlashAndBareParameterNames() {
        assertThat(MetricUriLabels.normalize("api/x/")).isEqualTo("/api/x");
        assertThat(MetricUriLabels.normalize("//api//x")).isEqualTo("/api/x");
        assertThat(MetricUriLabels.normalize("/a/{id: [0-9]+}/b")).isEqualTo("/a/{id}/b");
        assertThat(MetricUriLabels.normalize("/a/{ id : [a-z]+ }")).isEqualTo("/a/{id}");
        assertThat(MetricUriLabels.normalize("/")).isEqualTo("/");
        assertThat(MetricUriLabels.normalize("")).isEqualTo("/");
    }

    @Test
    void templatesAreEveryHttpMethodOfAResourceAndEverySocketPath() {
        assertThat(MetricUriLabels.templates(beansOf(FleetResource.class, OwnerFeedSocket.class, MetricUriLabels.class)))
                .containsExactlyInAnyOrder("/api/owners/{ownerId}/fleets", "/api/owners/{ownerId}/fleets/{fleetId}",
                        "/ws/owners/{ownerId}");
    }

    @Test
    void aTemplateOrAFixedValueIsKeptAndAnythingElseIsUnmatched() {
        MeterFilter filter = new MetricUriLabels().boundedUriLabels(beansOf(FleetResource.class, OwnerFeedSocket.class));
        assertThat(label(filter, "/api/owners/{ownerId}/fleets/{fleetId}")).isEqualTo("/api/owners/{ownerId}/fleets/{fleetId}");
        assertThat(label(filter, "/ws/owners/{ownerId}")).isEqualTo("/ws/owners/{ownerId}");
        for (String fixed : new String[] {"NOT_FOUND", "REDIRECTION", "UNKNOWN", "root", "/", "UNMATCHED"}) {
            assertThat(label(filter, fixed)).isEqualTo(fixed);
        }
        assertThat(label(filter, "/api/owners/anything123/fleets")).isEqualTo(MetricUriLabels.UNMATCHED);
        assertThat(label(filter, "/ws/owners/B")).isEqualTo(MetricUriLabels.UNMATCHED);
        assertThat(label(filter, "/api/owners/{ownerId}/other")).isEqualTo(MetricUriLabels.UNMATCHED);
        assertThat(label(filter, null)).as("no uri tag: nothing added").isNull();
    }
}
