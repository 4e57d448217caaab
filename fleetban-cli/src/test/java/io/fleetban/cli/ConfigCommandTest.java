package io.fleetban.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.cli.config.ConfigTable;
import io.fleetban.config.HostId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleetban config print} and {@code config doc}, as an operator runs them. */
class ConfigCommandTest {

    @TempDir
    Path dir;

    /** What {@code fleetban config ...} printed, on either stream. */
    private final StringWriter out = new StringWriter();

    private final StringWriter err = new StringWriter();

    /** Runs {@code fleetban config <args>} and returns its exit code. */
    private int config(String... args) {
        final String[] line = new String[args.length + 1];
        line[0] = "config";
        System.arraycopy(args, 0, line, 1, args.length);
        return Fleetban.run(new PrintWriter(out, true), new PrintWriter(err, true), line);
    }

    private Path conf(String... lines) throws IOException {
        return Files.write(dir.resolve("fleetban.conf"), List.of(lines));
    }

    @Test
    void printShowsEveryKeyWithItsValueAndOrigin() throws IOException {
        final Path conf = conf(
                "[kafka]",
                "bootstrap.servers = b1:9092",
                "security.protocol = SASL_SSL",
                "[shipper]",
                "poll.interval = 50ms",
                "read.from =",
                "[enforcer]",
                "backend = nftables");

        assertThat(config("print", "-c", conf.toString())).isZero();

        assertThat(out.toString().lines())
                .contains(
                        "[kafka]",
                        "bootstrap.servers = b1:9092  ; " + conf + ":2",
                        "topic.prefix = fleetban.  ; default",
                        "security.protocol = SASL_SSL  ; " + conf + ":3",
                        "[shipper]",
                        "host.id = " + HostId.ofThisHost() + "  ; default",
                        "poll.interval = 50ms  ; " + conf + ":5",
                        "read.from = findtime  ; default",
                        "metrics.listen =   ; default: none (off)",
                        "backend = nftables  ; " + conf + ":8",
                        "[coordinator]",
                        "http.listen = 127.0.0.1:7070  ; default",
                        "[client]",
                        "[bans]",
                        "max.prefix.v4 = 24  ; default");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void printMasksSecretsAndShowsAnAgentsOverrides() throws IOException {
        final Path conf = conf(
                "[kafka]",
                "bootstrap.servers = b1:9092",
                "sasl.jaas.config = ScramLoginModule required username=\"all\" password=\"kafka-secret\";",
                "ssl.truststore.location = /etc/fleetban/truststore.p12",
                "[shipper.kafka]",
                "sasl.jaas.config = ScramLoginModule required username=\"shipper\" password=\"shipper-secret\";",
                "ssl.truststore.location =",
                "[coordinator]",
                "http.tls.keystore.password = keystore-secret");

        assertThat(config("print", "-c", conf.toString())).isZero();

        final String printed = out.toString();
        assertThat(printed)
                .doesNotContain("kafka-secret", "shipper-secret", "keystore-secret")
                .contains("sasl.jaas.config = ********  ; " + conf + ":3\n")
                .contains("[shipper.kafka]  ; [kafka] as the shipper reads it\n")
                .contains("sasl.jaas.config = ********  ; " + conf + ":6 [shipper.kafka]\n")
                .contains("http.tls.keystore.password = ********  ; " + conf + ":9\n");
        // The shipper's blank value removes the [kafka] key for the shipper only.
        final String shipperView = printed.substring(printed.indexOf("[shipper.kafka]"), printed.indexOf("[fail2ban]"));
        assertThat(shipperView).doesNotContain("ssl.truststore.location");
        assertThat(printed.substring(0, printed.indexOf("[shipper.kafka]")))
                .contains("ssl.truststore.location = /etc/fleetban/truststore.p12  ; " + conf + ":4");
    }

    @Test
    void printNamesAnUnreadSection() throws IOException {
        final Path conf = conf("[kafka]", "bootstrap.servers = b1:9092", "[shiper]", "host.id = x");

        assertThat(config("print", "-c", conf.toString())).isZero();

        assertThat(out.toString().lines()).contains("; [shiper] at " + conf + ":3 is read by no agent");
    }

    @Test
    void printRefusesABadValueLikeTheAgentWould() throws IOException {
        final Path conf = conf("[kafka]", "bootstrap.servers = b1:9092", "[enforcer]", "max.entries = lots");

        assertThat(config("print", "-c", conf.toString())).isEqualTo(2);

        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .isEqualTo("fleetban: configuration error: " + conf
                        + ":4: [enforcer] max.entries: not a whole number: 'lots'");
    }

    @Test
    void docPrintsTheGeneratedTable() {
        assertThat(config("doc")).isZero();

        assertThat(out.toString()).isEqualTo(ConfigTable.markdown()).startsWith(ConfigTable.HEADER + "\n");
    }
}
