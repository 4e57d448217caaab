package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The docker-compose demo cluster, checked without a Docker engine: Compose itself accepts the file, and everything
 * it and its Dockerfiles refer to exists in the repository (or is the Maven build output the images are made of),
 * so {@code docker-compose up --build} cannot fail on a missing file.
 */
class ComposeFileTest {

    private static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();
    private static final Path COMPOSE = REPO.resolve("docker-compose.yml");
    /** What {@code mvn package} produces and the images copy; it exists only after a build. */
    private static final Set<String> BUILD_OUTPUT = Set.of("fleetban-cli/target/lib/");

    private static final Pattern COPY =
            Pattern.compile("^(?:COPY|ADD)\\s+(?!--from)(?:--\\S+\\s+)*(.+)$", Pattern.MULTILINE);

    @Test
    void shouldBeAcceptedByDockerCompose() {
        assumeTrue(Commands.available("docker-compose"), "docker-compose is not installed");
        final Commands.Result result = Commands.run(REPO, "docker-compose", "-f", COMPOSE.toString(), "config", "-q");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void shouldHaveTheDemoClusterServices() {
        assertThat(services().keySet())
                .contains(
                        "kafka",
                        "registry",
                        "coordinator-1",
                        "coordinator-2",
                        "web-a",
                        "web-b",
                        "web-c",
                        "attacker",
                        "kafka-ui");
        assertThat(image("kafka")).startsWith("apache/kafka:");
        for (String web : List.of("web-a", "web-b", "web-c")) {
            assertThat(list(service(web).get("cap_add"))).as(web).contains("NET_ADMIN");
            assertThat(service(web).get("network_mode"))
                    .as(web + " enforces in its own network namespace")
                    .isNull();
        }
    }

    @Test
    void shouldCallAWebHostHealthyOnlyWhenItsShipperAndEnforcerAre() throws IOException {
        // The attacker starts when the web hosts are healthy: a request before the shipper tails would not count.
        final String webhostConf = Files.readString(REPO.resolve("deploy/docker/config/webhost.conf"));
        for (String web : List.of("web-a", "web-b", "web-c")) {
            final Object healthcheck = ((Map<?, ?>) service(web).get("healthcheck")).get("test");
            final String test = String.join(
                    " ", list(healthcheck).stream().map(String::valueOf).toList());
            for (String listen : List.of("127.0.0.1:9101", "127.0.0.1:9102")) {
                assertThat(test).as(web).contains("http://" + listen + "/health");
                assertThat(webhostConf).contains("metrics.listen = " + listen);
            }
            assertThat(String.valueOf(
                            ((Map<?, ?>) ((Map<?, ?>) service("attacker").get("depends_on")).get(web))
                                    .get("condition")))
                    .isEqualTo("service_healthy");
        }
    }

    @Test
    void shouldUseAMaintainedKafkaUi() {
        // provectuslabs/kafka-ui is no longer maintained; kafbat's fork is.
        assertThat(image("kafka-ui")).startsWith("ghcr.io/kafbat/kafka-ui:");
    }

    @Test
    void shouldBuildFromExistingContextsAndDockerfiles() {
        final List<Path> dockerfiles = dockerfiles();
        assertThat(dockerfiles).isNotEmpty();
        for (Path dockerfile : dockerfiles) {
            assertThat(dockerfile).isRegularFile();
        }
    }

    @Test
    void shouldCopyOnlyFilesThatExistOrThatTheMavenBuildMakes() throws IOException {
        for (Path dockerfile : dockerfiles()) {
            for (String source : copySources(dockerfile)) {
                if (BUILD_OUTPUT.contains(source)) {
                    continue;
                }
                assertThat(REPO.resolve(source))
                        .as("%s copies %s", REPO.relativize(dockerfile), source)
                        .exists();
            }
        }
    }

    @Test
    void shouldNotIgnoreAnythingTheDockerfilesCopy() throws IOException {
        for (Path dockerfile : dockerfiles()) {
            final Path ignore = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
            assertThat(ignore)
                    .as("the build context is the whole repository: an ignore file keeps it small")
                    .isRegularFile();
            final Set<String> included = Files.readAllLines(ignore).stream()
                    .filter(l -> l.startsWith("!"))
                    .map(l -> l.substring(1).strip())
                    .collect(Collectors.toSet());
            assertThat(included).as(ignore.toString()).containsAll(copySources(dockerfile));
        }
    }

    @Test
    void shouldMountOnlyFilesThatExist() {
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            for (Object volume : list(service.getValue().get("volumes"))) {
                final String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith("./")) {
                    // A missing source would make Docker create an empty directory in the repository instead.
                    assertThat(REPO.resolve(source))
                            .as("volume of %s", service.getKey())
                            .exists();
                }
            }
        }
    }

    @Test
    void shouldStartEntrypointScriptsTheImageContainsAndThatAreExecutable() throws IOException {
        final String dockerfile = Files.readString(REPO.resolve("deploy/docker/fleetban/Dockerfile"));
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            final List<Object> entrypoint = list(service.getValue().get("entrypoint"));
            if (!entrypoint.isEmpty() && String.valueOf(entrypoint.get(0)).startsWith("/opt/fleetban/docker/")) {
                final String script =
                        Path.of(String.valueOf(entrypoint.get(0))).getFileName().toString();
                final Path source = REPO.resolve("deploy/docker/fleetban").resolve(script);
                assertThat(source).as(service.getKey()).isRegularFile().isExecutable();
                assertThat(dockerfile).as(service.getKey()).contains("deploy/docker/fleetban/" + script);
            }
        }
    }

    private static List<Path> dockerfiles() {
        final List<Path> dockerfiles = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            if (service.getValue().get("build") instanceof Map<?, ?> build) {
                final Path context =
                        REPO.resolve(String.valueOf(build.get("context"))).normalize();
                assertThat(context).as("build context of %s", service.getKey()).isDirectory();
                final Object dockerfile = build.get("dockerfile");
                dockerfiles.add(context.resolve(dockerfile == null ? "Dockerfile" : String.valueOf(dockerfile)));
            }
        }
        return dockerfiles.stream().distinct().toList();
    }

    /** Sources of COPY/ADD lines (not multi-stage {@code --from}); the last word is the destination. */
    private static List<String> copySources(Path dockerfile) throws IOException {
        final List<String> sources = new ArrayList<>();
        final Matcher m = COPY.matcher(Files.readString(dockerfile));
        while (m.find()) {
            final List<String> words = List.of(m.group(1).strip().split("\\s+"));
            sources.addAll(words.subList(0, words.size() - 1));
        }
        return sources;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        try {
            final Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
            return (Map<String, Map<String, Object>>) compose.get("services");
        } catch (IOException e) {
            throw new AssertionError("cannot read " + COMPOSE, e);
        }
    }

    private static Map<String, Object> service(String name) {
        return services().get(name);
    }

    private static String image(String name) {
        return String.valueOf(service(name).get("image"));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
