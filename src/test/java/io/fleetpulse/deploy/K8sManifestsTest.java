package io.fleetpulse.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.runtime.configuration.DurationConverter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the Kubernetes manifests in k8s/ against what the application really serves and reads. */
class K8sManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path PROD = K8S.resolve("overlays/prod");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    /**
     * Framework properties the app relies on without setting them in application.properties (its comments
     * name them as what production sets). Anything else must appear in application.properties itself.
     */
    private static final Set<String> FRAMEWORK_PROPERTIES = Set.of(
            "quarkus.datasource.reactive.url",
            "quarkus.datasource.jdbc.url",
            "quarkus.datasource.username",
            "quarkus.datasource.password",
            "quarkus.profile",
            "mp.jwt.verify.publickey.location");

    private static final Map<String, String> PROBE_PATHS = Map.of(
            "startup", "/q/health/started",
            "readiness", "/q/health/ready",
            "liveness", "/q/health/live");

    // ---- parsing ----------------------------------------------------------------------------------

    static Stream<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
            return yaml.stream();
        }
    }

    private static <T> T read(Path file, Class<T> type) {
        try (InputStream in = Files.newInputStream(file)) {
            return YAML.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kustomization(Path dir) {
        return read(dir.resolve("kustomization.yaml"), Map.class);
    }

    private static Deployment baseDeployment() {
        return read(BASE.resolve("deployment.yaml"), Deployment.class);
    }

    private static Container container() {
        List<Container> containers = baseDeployment().getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), "one application container");
        return containers.get(0);
    }

    private static Container migrateContainer() {
        List<Container> init = baseDeployment().getSpec().getTemplate().getSpec().getInitContainers();
        assertEquals(1, init.size(), "one init container: the migrate step");
        return init.get(0);
    }

    /** Every variable a container sees: its env plus the data of the ConfigMaps it takes with envFrom (base and prod). */
    private static Set<String> environmentOf(Container container) {
        Set<String> names = new HashSet<>();
        container.getEnv().stream().map(EnvVar::getName).forEach(names::add);
        for (var source : container.getEnvFrom()) {
            String name = source.getConfigMapRef().getName();
            for (Path dir : List.of(BASE, PROD)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml"))
                            .map(f -> read(f, HasMetadata.class))
                            .filter(r -> r instanceof ConfigMap && name.equals(r.getMetadata().getName()))
                            .forEach(r -> names.addAll(((ConfigMap) r).getData().keySet()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return names;
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static int appHttpPort() {
        return Integer.parseInt(applicationProperties().getProperty("quarkus.http.port", "8080"));
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void everyManifestParsesAsATypedKubernetesResourceWithAName(Path file) {
        Object resource = read(file, HasMetadata.class);
        assertTrue(resource instanceof HasMetadata, file + " is not a Kubernetes resource");
        HasMetadata metadata = (HasMetadata) resource;
        assertNotNull(metadata.getKind(), file + " has no kind");
        assertNotNull(metadata.getMetadata().getName(), file + " has no name");
        assertFalse(metadata.getClass().getSimpleName().startsWith("Generic"),
                file + " has a kind/apiVersion the Kubernetes model does not know: " + metadata.getApiVersion()
                        + "/" + metadata.getKind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/prod"})
    void kustomizationsNameOnlyExistingFilesAndTheBaseNamesAllOfItsManifests(String dir) throws IOException {
        Path root = Path.of(dir);
        Map<String, Object> kustomization = kustomization(root);
        Set<String> named = new HashSet<>();
        for (Object resource : (List<?>) kustomization.getOrDefault("resources", List.of())) {
            named.add(resource.toString());
            assertTrue(Files.exists(root.resolve(resource.toString())), dir + " names a missing " + resource);
        }
        for (Object patch : (List<?>) kustomization.getOrDefault("patches", List.of())) {
            Object path = ((Map<?, ?>) patch).get("path");
            named.add(String.valueOf(path));
            assertTrue(Files.exists(root.resolve(String.valueOf(path))), dir + " names a missing patch " + path);
        }
        try (Stream<Path> files = Files.list(root)) {
            Set<String> present = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .collect(Collectors.toSet());
            assertTrue(named.containsAll(present), dir + " leaves out " + present.stream()
                    .filter(p -> !named.contains(p)).toList());
        }
    }

    // ---- probes and ports -------------------------------------------------------------------------

    @Test
    void probesUseTheSmallRyeHealthEndpointsOnTheApplicationsHttpPort() {
        Container container = container();
        Map<String, Probe> probes = Map.of(
                "startup", container.getStartupProbe(),
                "readiness", container.getReadinessProbe(),
                "liveness", container.getLivenessProbe());
        assertAll(probes.entrySet().stream().map(entry -> () -> {
            assertNotNull(entry.getValue(), entry.getKey() + " probe missing");
            HTTPGetAction get = entry.getValue().getHttpGet();
            assertNotNull(get, entry.getKey() + " probe is not an HTTP GET");
            assertEquals(PROBE_PATHS.get(entry.getKey()), get.getPath(), entry.getKey() + " probe path");
            assertEquals(appHttpPort(), resolvePort(container, get.getPort().getIntVal(), get.getPort().getStrVal()),
                    entry.getKey() + " probe port");
        }));
    }

    @Test
    void containerPortAndServiceTargetPortAreTheApplicationsHttpPort() {
        Container container = container();
        assertEquals(List.of(appHttpPort()), container.getPorts().stream().map(ContainerPort::getContainerPort).toList());
        Service service = read(BASE.resolve("service.yaml"), Service.class);
        assertEquals(baseDeployment().getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());
        service.getSpec().getPorts().forEach(port -> assertEquals(appHttpPort(),
                resolvePort(container, port.getTargetPort().getIntVal(), port.getTargetPort().getStrVal())));
    }

    private static int resolvePort(Container container, Integer number, String name) {
        if (number != null) {
            return number;
        }
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    // ---- configuration ----------------------------------------------------------------------------

    @Test
    void everyEnvironmentVariableMapsToAPropertyTheApplicationReads() {
        Set<String> names = new HashSet<>(environmentOf(container()));
        names.addAll(environmentOf(migrateContainer()));
        Set<String> readable = readableEnvironmentNames();
        assertEquals(Set.of(), names.stream().filter(n -> !readable.contains(n)).collect(Collectors.toSet()),
                "environment variables the application does not read");
    }

    // ---- migrations -------------------------------------------------------------------------------

    @Test
    void theMigrateStepRunsBeforeTheApplicationAsTheSameImageWithTheMigrateProfile() {
        Container migrate = migrateContainer();
        assertEquals(container().getImage(), migrate.getImage(), "the migrate step runs the same image");
        EnvVar profile = migrate.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_PROFILE")).findFirst()
                .orElseThrow(() -> new AssertionError("the init container must set QUARKUS_PROFILE"));
        assertEquals("migrate", profile.getValue());
        Properties properties = applicationProperties();
        assertEquals("true", properties.getProperty("%migrate.fleetpulse.exit-after-start"), "the migrate profile exits");
        assertEquals("false", properties.getProperty("%migrate.quarkus.http.host-enabled"), "without serving");
        assertEquals("true", properties.getProperty("%migrate.quarkus.flyway.migrate-at-start"), "and migrates");
        assertEquals("false", properties.getProperty("quarkus.flyway.migrate-at-start"), "serving does not migrate");
        EnvVar password = migrate.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_DATASOURCE_PASSWORD"))
                .findFirst().orElseThrow(() -> new AssertionError("the migrate step needs the database password"));
        assertNotNull(password.getValueFrom().getSecretKeyRef(), "password must come from a Secret");
        assertTrue(migrate.getSecurityContext().getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
    }

    @Test
    void onlyTheMigrateStepGetsTheJdbcUrlSoServingStartsNoJdbcPool() {
        assertTrue(environmentOf(migrateContainer()).contains("QUARKUS_DATASOURCE_JDBC_URL"));
        assertFalse(environmentOf(container()).contains("QUARKUS_DATASOURCE_JDBC_URL"),
                "the serving container must not see QUARKUS_DATASOURCE_JDBC_URL");
        assertFalse(environmentOf(container()).contains("QUARKUS_FLYWAY_MIGRATE_AT_START"));
    }

    @Test
    void theEnvironmentCheckRejectsMisspelledAndUnknownNames() {
        Set<String> readable = readableEnvironmentNames();
        assertTrue(readable.containsAll(Set.of("FLEETPULSE_CORS_ORIGINS", "MP_JWT_VERIFY_ISSUER",
                "QUARKUS_DATASOURCE_PASSWORD", "FLEETPULSE_API_MAX_PAGE_SIZE")));
        assertFalse(readable.contains("QUARKUS_DATASOURCE_PASWORD"));
        assertFalse(readable.contains("MP_JWT_VERIFY_PUBLICKEY_LOCATIONS"));
        assertFalse(readable.contains("CORS_ORIGINS"));
    }

    /** Names referenced as ${NAME} in application.properties, plus the MicroProfile env form of its keys. */
    private static Set<String> readableEnvironmentNames() {
        Set<String> names = new HashSet<>();
        try {
            Matcher references = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(Files.readString(APPLICATION_PROPERTIES));
            while (references.find()) {
                names.add(references.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        applicationProperties().stringPropertyNames().stream()
                .map(key -> key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key)
                .map(K8sManifestsTest::environmentName)
                .forEach(names::add);
        FRAMEWORK_PROPERTIES.stream().map(K8sManifestsTest::environmentName).forEach(names::add);
        return names;
    }

    /** MicroProfile Config's environment variable form: non-alphanumerics to '_', upper case. */
    private static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    @Test
    void secretsAreReferencedFromSecretsAndNeverPlacedInTheConfigMap() throws IOException {
        Container container = container();
        EnvVar password = container.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_DATASOURCE_PASSWORD"))
                .findFirst().orElseThrow(() -> new AssertionError("QUARKUS_DATASOURCE_PASSWORD is not set"));
        assertNull(password.getValue(), "password given inline");
        assertNotNull(password.getValueFrom().getSecretKeyRef(), "password must come from a Secret");

        for (Path file : manifests().toList()) {
            assertFalse(Files.readString(file).contains("kind: Secret"), file + " defines a Secret; reference it instead");
            assertFalse(Files.readString(file).contains("PRIVATE KEY"), file + " contains a private key");
        }
        ConfigMap config = read(BASE.resolve("configmap.yaml"), ConfigMap.class);
        assertFalse(config.getData().keySet().stream().anyMatch(k -> k.contains("PASSWORD") || k.contains("SECRET")));

        // The public key location is a file inside the mounted fleetpulse-jwt Secret.
        String keyLocation = config.getData().get("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        PodSpec pod = baseDeployment().getSpec().getTemplate().getSpec();
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(m -> keyLocation.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(keyLocation + " is not inside a volume mount"));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getSecret(), "the JWT key volume must be a Secret");
        assertTrue(volume.getSecret().getItems().stream()
                .anyMatch(item -> keyLocation.equals(mount.getMountPath() + "/" + item.getPath())));
    }

    // ---- security, availability, shutdown ----------------------------------------------------------

    @Test
    void podRunsAsNonRootWithAReadOnlyRootFilesystemAndAWritableTmp() {
        PodSpec pod = baseDeployment().getSpec().getTemplate().getSpec();
        Container container = container();
        assertTrue(pod.getSecurityContext().getRunAsNonRoot(), "pod runAsNonRoot");
        assertTrue(pod.getSecurityContext().getRunAsUser() > 0, "pod runAsUser is not root");
        assertTrue(container.getSecurityContext().getRunAsNonRoot(), "container runAsNonRoot");
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
        assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation(), "allowPrivilegeEscalation");
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
        VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                .findFirst().orElseThrow(() -> new AssertionError("/tmp is not mounted"));
        assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals(tmp.getName()) && v.getEmptyDir() != null),
                "/tmp must be an emptyDir");
    }

    @Test
    void atLeastTwoReplicasRunInTheBaseAndInProductionAndTheAutoscalerKeepsThem() {
        assertTrue(baseDeployment().getSpec().getReplicas() >= 2, "base replicas");
        Deployment prod = read(PROD.resolve("deployment-patch.yaml"), Deployment.class);
        if (prod.getSpec().getReplicas() != null) {
            assertTrue(prod.getSpec().getReplicas() >= 2, "prod replicas");
        }
        HorizontalPodAutoscaler hpa = read(BASE.resolve("hpa.yaml"), HorizontalPodAutoscaler.class);
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, "HPA minReplicas");
        assertEquals("fleetpulse", hpa.getSpec().getScaleTargetRef().getName());
        HorizontalPodAutoscaler prodHpa = read(PROD.resolve("hpa-patch.yaml"), HorizontalPodAutoscaler.class);
        assertTrue(prodHpa.getSpec().getMinReplicas() >= 2, "prod HPA minReplicas");
    }

    @Test
    void disruptionBudgetAndNetworkPolicySelectTheApplicationPodsAndAllowItsPort() {
        Map<String, String> podLabels = baseDeployment().getSpec().getTemplate().getMetadata().getLabels();
        PodDisruptionBudget pdb = read(BASE.resolve("pdb.yaml"), PodDisruptionBudget.class);
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(pdb.getSpec().getMinAvailable().getIntVal() < baseDeployment().getSpec().getReplicas(),
                "the budget must allow one pod at a time to be evicted");
        NetworkPolicy policy = read(BASE.resolve("networkpolicy.yaml"), NetworkPolicy.class);
        assertTrue(podLabels.entrySet().containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet()));
        assertTrue(policy.getSpec().getIngress().stream().flatMap(rule -> rule.getPorts().stream())
                .anyMatch(port -> port.getPort().getIntVal() == appHttpPort()));
    }

    @Test
    void gracePeriodOutlastsPreStopSleepPlusTheQuarkusShutdownDelayAndTimeout() {
        Deployment deployment = baseDeployment();
        long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        long preStop = container().getLifecycle().getPreStop().getSleep().getSeconds();
        Properties properties = applicationProperties();
        String timeout = properties.getProperty("quarkus.shutdown.timeout");
        assertNotNull(timeout, "quarkus.shutdown.timeout must be set for a graceful shutdown");
        Duration shutdown = DurationConverter.parseDuration(timeout)
                .plus(DurationConverter.parseDuration(properties.getProperty("%prod.quarkus.shutdown.delay", "0s")));
        assertTrue(Duration.ofSeconds(grace).compareTo(Duration.ofSeconds(preStop).plus(shutdown)) > 0,
                "grace " + grace + " s <= preStop " + preStop + " s + shutdown " + shutdown);
    }

    @Test
    void nativeHeapCapLeavesRoomBelowTheMemoryLimit() {
        Container container = container();
        Quantity limit = container.getResources().getLimits().get("memory");
        Quantity request = container.getResources().getRequests().get("memory");
        assertNotNull(limit, "memory limit");
        assertTrue(Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) <= 0);
        String xmx = container.getArgs().stream().filter(a -> a.startsWith("-Xmx")).findFirst()
                .orElseThrow(() -> new AssertionError("native image needs -Xmx: it ignores cgroup limits"));
        Quantity heap = new Quantity(xmx.substring(4).replaceAll("(?i)m$", "Mi").replaceAll("(?i)g$", "Gi"));
        assertTrue(Quantity.getAmountInBytes(heap).doubleValue() < 0.75 * Quantity.getAmountInBytes(limit).doubleValue(),
                "heap " + xmx + " leaves too little room for non-heap memory below " + limit);
    }
}
