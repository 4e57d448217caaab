package io.fleetban.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.coordinator.CoordinatorApp;
import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.enforcer.EnforcerApp;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.KafkaTestCluster;
import io.fleetban.testkit.TutorialJail;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every host confirms, on a real broker: two enforcers (dry-run backend) publish their status, {@code fleetban client
 * hosts} lists them in sync, {@code why} says a ban is enforced on both with how long it took; a third whose firewall
 * commands always fail shows as unhealthy and as not having applied it; a stopped enforcer shows as missing and as
 * not having applied a ban made while it was down, then catches up when it starts again. A host whose statuses back
 * off while bans keep coming shows as keeping up between two of them, never as lagging, and in sync once they stop.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HostsStatusIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static final Pattern KEEPING_UP = Pattern.compile("web-1 +keeping-up");
    private static final int KEEPING_UP_TRIES = 60;

    @TempDir
    Path dir;

    private String bootstrap;
    private String queryUrl;
    private Path fail2banDir;

    @Test
    void everyHostConfirmsAndAStoppedOneIsMissingUntilItCatchesUp() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.singleBroker()) {
            bootstrap = cluster.bootstrapServers();
            fail2banDir = TutorialJail.fail2banDir(dir);
            // A firewall broken beyond repair: every ban command fails, so every commit and reconcile fails.
            Files.createDirectories(fail2banDir.resolve("action.d"));
            Files.writeString(
                    fail2banDir.resolve("action.d/broken.conf"),
                    "[Definition]\nactionstart = true\nactionstop = true\nactionban = false\nactionunban = true\n");
            try (CoordinatorApp coordinator = new CoordinatorApp(CoordinatorConfig.load(conf("web-1")))) {
                coordinator.start();
                await().atMost(AT_MOST).until(() -> coordinator.state() == KafkaStreams.State.RUNNING);
                queryUrl = "http://" + coordinator.queryAddress().hostAndPort();
                try (EnforcerApp web1 = enforcer("web-1");
                        EnforcerApp web3 = enforcer("web-3")) {
                    EnforcerApp web2 = enforcer("web-2");
                    boolean web2Stopped = false;
                    try {
                        await().atMost(AT_MOST)
                                .untilAsserted(() -> assertThat(client("hosts"))
                                        .containsPattern("web-1 +in-sync")
                                        .containsPattern("web-2 +in-sync")
                                        .containsPattern("web-3 +in-sync"));

                        assertThat(client("banip", "fail", "203.0.113.9")).isEqualTo("1\n");
                        await().atMost(AT_MOST)
                                .untilAsserted(() -> assertThat(client("why", "fail", "203.0.113.9"))
                                        .containsPattern(
                                                "enforced: +on 2 of 3 hosts \\(web-1 \\+\\d+ ms, web-2 \\+\\d+ ms\\); "
                                                        + "not applied on web-3 \\(unhealthy, [1-9]\\d* behind\\)"));
                        assertThat(client("hosts")).containsPattern("web-3 +unhealthy .* FAILING");

                        web2.close();
                        web2Stopped = true;
                        await().atMost(AT_MOST)
                                .untilAsserted(() -> assertThat(client("hosts"))
                                        .containsPattern("web-2 +missing")
                                        .containsPattern("web-1 +in-sync"));
                        assertThat(client("banip", "fail", "203.0.113.10")).isEqualTo("1\n");
                        await().atMost(AT_MOST)
                                .untilAsserted(() -> assertThat(client("why", "fail", "203.0.113.10"))
                                        .contains("on 1 of 3 hosts")
                                        .contains("web-2 (missing"));
                    } finally {
                        if (!web2Stopped) {
                            web2.close();
                        }
                    }
                    try (EnforcerApp web2Again = enforcer("web-2")) {
                        await().atMost(AT_MOST).untilAsserted(() -> {
                            assertThat(client("hosts")).containsPattern("web-2 +in-sync");
                            assertThat(client("why", "fail", "203.0.113.10")).contains("on 2 of 3 hosts");
                        });
                    }
                }
            }
        }
    }

    @Test
    void aHostThatAppliesBansFasterThanItReportsThemIsKeepingUpNotLagging() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.singleBroker()) {
            bootstrap = cluster.bootstrapServers();
            fail2banDir = TutorialJail.fail2banDir(dir);
            try (CoordinatorApp coordinator = new CoordinatorApp(CoordinatorConfig.load(conf("web-1")))) {
                coordinator.start();
                await().atMost(AT_MOST).until(() -> coordinator.state() == KafkaStreams.State.RUNNING);
                queryUrl = "http://" + coordinator.queryAddress().hostAndPort();
                try (EnforcerApp web1 = enforcer("web-1")) {
                    await().atMost(AT_MOST)
                            .untilAsserted(() -> assertThat(client("hosts")).containsPattern("web-1 +in-sync"));

                    // A ban about every half second: the host applies each at once, but its statuses, spaced 1 s
                    // and more while changes keep coming, confirm them later.
                    List<String> answers = new ArrayList<>();
                    for (int ban = 0; ban < KEEPING_UP_TRIES; ban++) {
                        assertThat(client("banip", "fail", "203.0.113." + (20 + ban)))
                                .isEqualTo("1\n");
                        answers.add(client("hosts"));
                        if (KEEPING_UP.matcher(answers.get(answers.size() - 1)).find()) {
                            break;
                        }
                    }
                    assertThat(answers)
                            .anyMatch(answer -> KEEPING_UP.matcher(answer).find());
                    assertThat(answers).noneMatch(answer -> answer.contains("lagging"));

                    await().atMost(AT_MOST)
                            .untilAsserted(() -> assertThat(client("hosts")).containsPattern("web-1 +in-sync"));
                }
            }
        }
    }

    private EnforcerApp enforcer(String host) throws Exception {
        EnforcerApp app = new EnforcerApp(
                EnforcerConfig.load(conf(host)),
                Clock.systemUTC(),
                new ProcessCommandRunner(Duration.ofSeconds(5)),
                new PrintStream(OutputStream.nullOutputStream()));
        app.start();
        return app;
    }

    private Path conf(String host) throws IOException {
        FleetbanConfFile conf = new FleetbanConfFile();
        if (host.equals("web-3")) {
            conf.set("enforcer", "backend", "command").set("enforcer", "action", "broken");
        } else {
            conf.set("enforcer", "backend", "dry-run");
        }
        return conf.set("kafka", "bootstrap.servers", bootstrap)
                .set("kafka", "topic.partitions", 2)
                .set("fail2ban", "config.dir", fail2banDir)
                .set("coordinator", "state.dir", dir.resolve("coordinator"))
                .set("coordinator", "http.listen", "127.0.0.1:0")
                .set("coordinator", "commit.interval", "20ms")
                .set("enforcer", "host.id", host)
                .set("enforcer", "status.interval", "1s")
                .writeTo(dir.resolve(host + ".conf"));
    }

    /** Runs {@code fleetban client --bootstrap-server B --coordinator URL args...} and returns what it printed. */
    private String client(String... args) {
        return ClientRun.client(bootstrap, queryUrl, args);
    }
}
