package io.fleetban.enforcer;

import static io.fleetban.enforcer.backend.RootAssumptions.assumeRootWith;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.CLIENT_V4;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.OTHER_CLIENT_V4;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.OPEN;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.REFUSED;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.SERVER_V4;
import static io.fleetban.enforcer.consume.DecisionRecords.ban;
import static io.fleetban.enforcer.consume.DecisionRecords.unban;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.enforcer.backend.TwoNamespaceNetwork;
import io.fleetban.kafka.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host's enforcer end to end: decisions on a real KRaft broker, the seed jail, the ipset backend driving the
 * firewall of a server namespace. A ban from Kafka refuses the client's connections to port 8000, a ban of the
 * server's own address is refused by the guard, and an unban from Kafka lets the client in again.
 */
@Tag("integration")
@Timeout(180)
class EnforcerAppNamespaceIT {

    private static final Duration AT_MOST = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void shouldEnforceBansAndUnbansFromKafkaInTheServersFirewall() throws Exception {
        assumeRootWith("ipset", "curl", "python3");
        try (DecisionBroker broker = DecisionBroker.start();
                TwoNamespaceNetwork network = TwoNamespaceNetwork.create()) {
            final Topics topics = broker.topics();
            network.listen(8000);
            await().atMost(AT_MOST).until(() -> network.connect(CLIENT_V4, 8000) == OPEN);
            final EnforcerConfig config = broker.enforcerConfig(dir, "web-a", "ipset");
            final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

            try (EnforcerApp app = new EnforcerApp(
                    config,
                    Clock.systemUTC(),
                    network.serverRunner(),
                    new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))) {
                app.start();

                broker.send(topics.bans(), SERVER_V4, ban(SERVER_V4, now, now.plusSeconds(60)));
                broker.send(topics.bans(), CLIENT_V4, ban(CLIENT_V4, now, now.plusSeconds(60)));
                await().atMost(AT_MOST).until(() -> network.connect(CLIENT_V4, 8000) == REFUSED);
                assertThat(network.connect(OTHER_CLIENT_V4, 8000)).isEqualTo(OPEN);
                assertThat(app.metrics().count(EnforcerMetrics.BANS_REFUSED, "OWN_ADDRESS"))
                        .isEqualTo(1);

                broker.send(topics.unbans(), CLIENT_V4, unban(CLIENT_V4, now.plusSeconds(1)));
                await().atMost(AT_MOST).until(() -> network.connect(CLIENT_V4, 8000) == OPEN);
            }
            assertThat(network.operator("ipset", "list", "-n")).isEmpty();
        }
    }
}
