package io.fleetban.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README's attack works whenever the demo app answers: {@code bin/fleetban demo}, as shipped, attacked at the first
 * moment its port accepts a connection, bans the attacker from those very first five requests.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DemoFirstRequestsIT {

    private static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();
    private static final String ATTACKER = "203.0.113.61";

    @Test
    void shouldBanFromTheFirstRequestsTheAppAnswers() throws Exception {
        final int appPort = freePort();
        final Path work = Files.createDirectories(
                Path.of("target", "demo-first-" + System.currentTimeMillis()).toAbsolutePath());
        final ProcessBuilder builder = new ProcessBuilder(
                        REPO.resolve("bin/fleetban").toString(),
                        "demo",
                        "--port",
                        Integer.toString(appPort),
                        "--coordinator-port",
                        Integer.toString(freePort()),
                        "--bantime",
                        "60",
                        "--work-dir",
                        work.resolve("demo").toString())
                .redirectErrorStream(true);
        builder.environment().put("FLEETBAN_SKIP_BUILD", "1");
        final Process demo = builder.start();
        final ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        final Thread reader = new Thread(() -> readLines(demo, output), "demo-output");
        reader.start();
        try {
            final InetSocketAddress app = new InetSocketAddress("127.0.0.1", appPort);
            // A TCP connect only: an HTTP request would be the first logged line itself.
            await("the demo app's port")
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> demo.isAlive() && accepts(app) || !demo.isAlive());
            assertThat(demo.isAlive()).as("the demo runs: %s", output).isTrue();

            final List<Integer> codes =
                    new AttackProbe(Clock.systemUTC()).attack(app, 5, "first-moment", Optional.of(ATTACKER));
            assertThat(codes).containsOnly(200);

            await("the ban of " + ATTACKER)
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(output)
                            .as("the demo's output")
                            .anyMatch(line ->
                                    line.contains(ATTACKER) && line.contains("ban") && !line.contains("unban")));
        } finally {
            demo.destroy();
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
            reader.join(5_000);
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 100);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void readLines(Process process, ConcurrentLinkedQueue<String> output) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("reading the demo's output failed: " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
