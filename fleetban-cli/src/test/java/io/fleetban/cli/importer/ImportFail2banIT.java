package io.fleetban.cli.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.BanDecision;
import io.fleetban.cli.Fleetban;
import io.fleetban.coordinator.CoordinatorApp;
import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.KafkaTestCluster;
import io.fleetban.testkit.TutorialJail;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * fail2ban's bans, in a database written with fail2ban's own schema (version 4, as fail2ban's database.py creates
 * it), reach the fleet through a real broker and coordinator: each ban still in effect becomes a manual ban that ends
 * when fail2ban's would (a permanent one stays permanent); an expired ban, a ban of a jail this fleet lacks and a
 * row that is no address are not sent.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ImportFail2banIT {

    /** fail2ban 1.x's tables, verbatim from its server/database.py (version 4). */
    private static final List<String> FAIL2BAN_SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS fail2banDb(version INTEGER);",
            "CREATE TABLE IF NOT EXISTS jails(name TEXT NOT NULL UNIQUE, enabled INTEGER NOT NULL DEFAULT 1);",
            "CREATE TABLE IF NOT EXISTS bans(jail TEXT NOT NULL, ip TEXT, timeofban INTEGER NOT NULL, "
                    + "bantime INTEGER NOT NULL, bancount INTEGER NOT NULL default 1, data JSON, "
                    + "FOREIGN KEY(jail) REFERENCES jails(name) );",
            "CREATE TABLE IF NOT EXISTS bips(ip TEXT NOT NULL, jail TEXT NOT NULL, timeofban INTEGER NOT NULL, "
                    + "bantime INTEGER NOT NULL, bancount INTEGER NOT NULL default 1, data JSON, PRIMARY KEY(ip, jail), "
                    + "FOREIGN KEY(jail) REFERENCES jails(name) );",
            "INSERT INTO fail2banDb(version) VALUES(4);");

    private static final Duration AT_MOST = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void shouldBanWhatFail2banBansForTheTimeItHasLeft() throws Exception {
        final long now = Instant.now().getEpochSecond();
        final Path db = dir.resolve("fail2ban.sqlite3");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : FAIL2BAN_SCHEMA) {
                    statement.execute(sql);
                }
            }
            ban(connection, "fail", "198.51.100.10", now - 100, 3600, 1); // 3500 s left
            ban(connection, "fail", "2001:db8::10", now - 10, -1, 3); // permanent
            ban(connection, "fail", "198.51.100.11", now - 7200, 600, 1); // over for an hour
            ban(connection, "sshd", "198.51.100.12", now - 10, 600, 1); // a jail this fleet lacks
            ban(connection, "fail", "not-an-ip", now - 10, 600, 1);
        }
        try (KafkaTestCluster cluster = KafkaTestCluster.singleBroker()) {
            final Path conf = new FleetbanConfFile()
                    .set("kafka", "bootstrap.servers", cluster.bootstrapServers())
                    .set("kafka", "topic.partitions", 2)
                    .set("fail2ban", "config.dir", TutorialJail.fail2banDir(dir))
                    .set("coordinator", "state.dir", dir.resolve("coordinator"))
                    .set("coordinator", "http.listen", "127.0.0.1:0")
                    .set("coordinator", "commit.interval", "20ms")
                    .writeTo(dir.resolve("fleetban.conf"));
            try (CoordinatorApp coordinator = new CoordinatorApp(CoordinatorConfig.load(conf))) {
                coordinator.start();
                await().atMost(AT_MOST).until(() -> coordinator.state() == KafkaStreams.State.RUNNING);

                assertThat(Fleetban.run("import-fail2ban", "--db", db.toString(), "-c", conf.toString(), "--dry-run"))
                        .isZero();
                assertThat(Fleetban.run("import-fail2ban", "--db", db.toString(), "-c", conf.toString()))
                        .isZero();

                final Map<String, BanDecision> bans = readBans(cluster.bootstrapServers(), 2);
                assertThat(bans).containsOnlyKeys("198.51.100.10", "2001:db8::10");
                final BanDecision timed = bans.get("198.51.100.10");
                assertThat(timed.getJail()).isEqualTo("fail");
                // It ends when fail2ban's would, give or take the second the import rounds down and the time the
                // command takes to reach the coordinator.
                final Instant fail2banEnd = Instant.ofEpochSecond(now - 100 + 3600);
                assertThat(timed.getExpiresAt()).isBetween(fail2banEnd.minusSeconds(2), fail2banEnd.plusSeconds(30));
                assertThat(timed.getReason()).startsWith("imported from fail2ban (banned ");
                assertThat(bans.get("2001:db8::10").getExpiresAt()).isNull();
            }
        }
    }

    private static void ban(Connection connection, String jail, String ip, long timeOfBan, long banTime, int banCount)
            throws Exception {
        try (PreparedStatement jails = connection.prepareStatement("INSERT OR IGNORE INTO jails(name) VALUES(?)")) {
            jails.setString(1, jail);
            jails.executeUpdate();
        }
        for (String table : List.of("bans", "bips")) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                    + "(jail, ip, timeofban, bantime, bancount, data) VALUES(?, ?, ?, ?, ?, '{}')")) {
                insert.setString(1, jail);
                insert.setString(2, ip);
                insert.setLong(3, timeOfBan);
                insert.setLong(4, banTime);
                insert.setInt(5, banCount);
                insert.executeUpdate();
            }
        }
    }

    /** The ban decisions on the bans topic once {@code expected} have arrived, and a moment for any extra one. */
    private static Map<String, BanDecision> readBans(String bootstrapServers, int expected) {
        final KafkaSettings kafka = KafkaSettings.local(bootstrapServers);
        final Topic<String, BanDecision> topic = Topics.create(kafka).bans();
        final Map<String, BanDecision> bans = new HashMap<>();
        try (KafkaConsumer<String, BanDecision> consumer = new KafkaConsumer<>(
                kafka.consumerConfig("import-it", Optional.empty()),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(topic.name(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(AT_MOST).until(() -> {
                for (ConsumerRecord<String, BanDecision> record : consumer.poll(Duration.ofMillis(200))) {
                    bans.put(record.key(), record.value());
                }
                return bans.size() >= expected;
            });
            for (ConsumerRecord<String, BanDecision> record : consumer.poll(Duration.ofSeconds(2))) {
                bans.put(record.key(), record.value());
            }
        }
        return bans;
    }
}
