package io.fleetban.cli;

import io.fleetban.client.ClientSettings;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.topics.RecordFormat;
import io.fleetban.topics.TopicTail;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleetban topics tail}: look at fleetban's topics without a schema registry or Avro tools. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Inspect fleetban's topics.",
        subcommands = TopicsCommand.Tail.class)
final class TopicsCommand {

    /** The topics a person may want to read, by the short names the README uses. */
    private static final Map<String, Function<Topics, Topic<String, ? extends SpecificRecord>>> READABLE = Map.of(
            "offenses", Topics::offenses,
            "bans", Topics::bans,
            "unbans", Topics::unbans,
            "active-bans", Topics::activeBans,
            "commands", Topics::commands);

    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description =
                    "Print records of offenses, bans, unbans, active-bans or commands as they arrive, decoding either wire format.")
    static final class Tail implements Callable<Integer> {

        @Parameters(paramLabel = "TOPIC", description = "offenses, bans, unbans, active-bans or commands")
        String name;

        @Option(names = "--from-beginning", description = "Start with the oldest record instead of new ones.")
        boolean fromBeginning;

        @Option(names = "--format", defaultValue = "TEXT", description = "text or json (default: text).")
        String format;

        @Option(
                names = "--max",
                defaultValue = "0",
                description = "Stop after this many records (0: follow until Ctrl+C).")
        long max;

        @Option(
                names = {"-c", "--config"},
                paramLabel = "FILE",
                description = "fleetban.conf to read [kafka] from.")
        Path config;

        @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "Kafka (overrides the config).")
        String bootstrapServer;

        @Override
        public Integer call() {
            final Function<Topics, Topic<String, ? extends SpecificRecord>> choice = READABLE.get(name);
            if (choice == null) {
                throw new UserFacingException(
                        "unknown topic " + name + "; one of " + String.join(", ", new TreeSet<>(READABLE.keySet())),
                        Fleetban.EXIT_USAGE);
            }
            final RecordFormat recordFormat;
            try {
                recordFormat = RecordFormat.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserFacingException("--format must be text or json, got " + format, Fleetban.EXIT_USAGE);
            }
            final KafkaSettings kafka;
            try {
                kafka = ClientSettings.resolve(
                                Optional.ofNullable(config), Optional.ofNullable(bootstrapServer), Optional.empty())
                        .requireKafka();
            } catch (IllegalArgumentException e) {
                throw new UserFacingException(e.getMessage(), Fleetban.EXIT_USAGE, e);
            }
            try (TopicTail tail = new TopicTail(kafka, choice.apply(Topics.create(kafka)), fromBeginning)) {
                final Thread stopper = new Thread(tail::stop, "topics-tail-stop");
                Runtime.getRuntime().addShutdownHook(stopper);
                tail.run(recordFormat, System.out, max);
                if (max > 0) {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                }
            }
            return Fleetban.EXIT_OK;
        }
    }
}
