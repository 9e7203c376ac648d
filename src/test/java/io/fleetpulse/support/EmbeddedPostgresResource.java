package io.fleetpulse.support;

import io.fleetpulse.devdb.EmbeddedPostgresStarter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Every test (JVM and black-box, jar and native) runs against a real PostgreSQL started once per JVM
 * and verifies tokens with the test-only key pair in src/test/resources/jwt.
 */
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(new EmbeddedPostgresStarter().get());
        config.put("mp.jwt.verify.publickey.location", resourcePath("/jwt/publicKey.pem"));
        config.put("mp.jwt.verify.issuer", Tokens.ISSUER);
        config.put("quarkus.http.cors.origins", TestOrigins.ALLOWED);
        // The packaged application (@QuarkusIntegrationTest, prod profile) does not migrate by default:
        // the shared test database is migrated at its start (migrate-then-serve mode).
        config.put("quarkus.flyway.migrate-at-start", "true");
        return config;
    }

    @Override
    public void stop() {
        // The database lives for the whole JVM (EmbeddedPostgresStarter stops it at exit).
    }

    static String resourcePath(String resource) {
        try {
            return Path.of(EmbeddedPostgresResource.class.getResource(resource).toURI()).toAbsolutePath().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
