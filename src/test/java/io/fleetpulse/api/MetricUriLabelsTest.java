package io.fleetpulse.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.websockets.next.WebSocket;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Metric uri labels: only route templates and Micrometer's fixed values; any other path becomes UNMATCHED. */
class MetricUriLabelsTest {

    @Path("api/owners/{ownerId}/things/")
    public static class ThingResource {
        @GET
        public void list() {
        }

        @GET
        @Path("{thingId: [0-9a-f-]+}")
        public void one() {
        }

        @DELETE
        @Path("/{thingId}/")
        public void delete() {
        }

        @POST
        @Path("//batch")
        public void batch() {
        }

        @Path("sub")
        public void subResourceLocatorIsNoRoute() {
        }

        public void plainMethod() {
        }
    }

    @WebSocket(path = "/ws/things/{ownerId}")
    public static class ThingSocket {
    }

    /** A bean that is neither a resource nor a socket. */
    public static class Helper {
        @GET
        public void notARouteWithoutAPathOnTheClass() {
        }
    }

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
        assertThat(MetricUriLabels.templates(beansOf(ThingResource.class, ThingSocket.class, Helper.class)))
                .containsExactlyInAnyOrder("/api/owners/{ownerId}/things", "/api/owners/{ownerId}/things/{thingId}",
                        "/api/owners/{ownerId}/things/batch", "/ws/things/{ownerId}");
    }

    @Test
    void aTemplateOrAFixedValueIsKeptAndAnythingElseIsUnmatched() {
        MeterFilter filter = new MetricUriLabels().boundedUriLabels(beansOf(ThingResource.class, ThingSocket.class));
        assertThat(label(filter, "/api/owners/{ownerId}/things/{thingId}")).isEqualTo("/api/owners/{ownerId}/things/{thingId}");
        assertThat(label(filter, "/ws/things/{ownerId}")).isEqualTo("/ws/things/{ownerId}");
        for (String fixed : new String[] {"NOT_FOUND", "REDIRECTION", "UNKNOWN", "root", "/", "UNMATCHED"}) {
            assertThat(label(filter, fixed)).isEqualTo(fixed);
        }
        assertThat(label(filter, "/api/owners/anything123/things")).isEqualTo(MetricUriLabels.UNMATCHED);
        assertThat(label(filter, "/ws/things/B")).isEqualTo(MetricUriLabels.UNMATCHED);
        assertThat(label(filter, "/api/owners/{ownerId}/other")).isEqualTo(MetricUriLabels.UNMATCHED);
        assertThat(label(filter, null)).as("no uri tag: nothing added").isNull();
    }
}
