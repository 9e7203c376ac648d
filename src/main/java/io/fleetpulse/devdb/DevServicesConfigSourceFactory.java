package io.fleetpulse.devdb;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Dev mode without Docker: starts an embedded PostgreSQL when {@code fleetpulse.dev-services.enabled=true}
 * and no datasource is configured. (The dev signing key comes from the smallrye-jwt extension itself.)
 */
public class DevServicesConfigSourceFactory implements ConfigSourceFactory {

    /** Above application.properties (250), below environment variables (300) and system properties (400). */
    private static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!isTrue(context.getValue("fleetpulse.dev-services.enabled"))) {
            return List.of();
        }
        Map<String, String> properties = new HashMap<>();
        if (isUnset(context.getValue("quarkus.datasource.reactive.url"))) {
            properties.putAll(startDatabase(context.getValue("fleetpulse.dev-services.database-starter")));
        }
        return List.of(new PropertiesConfigSource(properties, "fleetpulse-dev-services", ORDINAL));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> startDatabase(ConfigValue starter) {
        if (isUnset(starter)) {
            throw new IllegalStateException("fleetpulse.dev-services.database-starter is not set");
        }
        // Loaded by a name from configuration: the starter uses an optional dependency that the
        // production jar and the native image do not contain, so nothing may reference it statically.
        try {
            Class<?> type = Class.forName(starter.getValue(), true, Thread.currentThread().getContextClassLoader());
            return ((Supplier<Map<String, String>>) type.getDeclaredConstructor().newInstance()).get();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot start the embedded dev database: " + e.getMessage(), e);
        }
    }

    private static boolean isTrue(ConfigValue value) {
        return value != null && "true".equalsIgnoreCase(value.getValue());
    }

    private static boolean isUnset(ConfigValue value) {
        return value == null || value.getValue() == null || value.getValue().isBlank();
    }
}
