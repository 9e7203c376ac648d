package io.fleetpulse.api;

import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.websockets.next.WebSocket;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Bounded {@code uri} labels on HTTP metrics: a label is one of the application's route templates
 * (collected from its JAX-RS resources and WebSocket endpoints at start-up, so new routes need no edit)
 * or Micrometer's fixed values; anything else, such as the raw path of a 405 or of a refused upgrade
 * ({@code /api/owners/anything123/fleets}, {@code /ws/owners/B}), becomes {@value #UNMATCHED}. A caller can
 * then neither grow the series without bound nor publish ids on the public /q/metrics.
 */
@Singleton
public class MetricUriLabels {

    public static final String UNMATCHED = "UNMATCHED";
    private static final Set<String> FIXED = Set.of("NOT_FOUND", "REDIRECTION", "UNKNOWN", "root", "/", UNMATCHED);
    private static final List<Class<? extends Annotation>> HTTP_METHODS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);

    @Produces
    @Singleton
    MeterFilter boundedUriLabels(BeanManager beans) {
        Set<String> templates = templates(beans);
        Function<String, String> bounded = uri -> uri == null || FIXED.contains(uri) || templates.contains(uri)
                ? uri : UNMATCHED;
        return MeterFilter.replaceTagValues("uri", bounded);
    }

    /** Route templates such as /api/owners/{ownerId}/fleets/{fleetId}, as Quarkus writes them into the label. */
    static Set<String> templates(BeanManager beans) {
        Set<String> templates = new HashSet<>();
        for (Bean<?> bean : beans.getBeans(Object.class, jakarta.enterprise.inject.Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            WebSocket socket = type.getAnnotation(WebSocket.class);
            if (socket != null) {
                templates.add(normalize(socket.path()));
            }
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                if (HTTP_METHODS.stream().noneMatch(method::isAnnotationPresent)) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                templates.add(normalize(root.value() + (sub == null ? "" : "/" + sub.value())));
            }
        }
        return Set.copyOf(templates);
    }

    /** One leading slash, no duplicate or trailing slash, {@code {name: regex}} as {@code {name}}. */
    static String normalize(String path) {
        String template = ("/" + path).replaceAll("/+", "/").replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}");
        return template.length() > 1 && template.endsWith("/") ? template.substring(0, template.length() - 1) : template;
    }
}
