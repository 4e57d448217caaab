package io.fleetban.cli;

import io.fleetban.cli.importer.Fail2banBan;
import io.fleetban.cli.importer.Fail2banDatabase;
import io.fleetban.client.ClientSettings;
import io.fleetban.client.CommandPublisher;
import io.fleetban.fail2ban.value.IpRange;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetban import-fail2ban}: each ban fail2ban enforces now becomes a manual fleet-wide ban (the same command
 * {@code fleetban client banip --bantime} sends) that ends when fail2ban's would have.
 */
@Command(
        name = "import-fail2ban",
        mixinStandardHelpOptions = true,
        description = {
            "Turn fail2ban's current bans into fleet-wide manual bans, each keeping its remaining ban time "
                    + "(permanent stays permanent).",
            "Reads fail2ban's database read-only (fail2ban may keep running). Prints one line per ban; with -c, bans "
                    + "of jails the [fail2ban] configuration does not define are skipped and listed."
        })
final class ImportFail2banCommand implements Callable<Integer> {

    @Option(
            names = "--db",
            defaultValue = "/var/lib/fail2ban/fail2ban.sqlite3",
            paramLabel = "FILE",
            description = "fail2ban's database (its dbfile; default: ${DEFAULT-VALUE}).")
    Path database;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "fleetban.conf to read [kafka] and [fail2ban] from.")
    Path config;

    @Option(
            names = "--bootstrap-server",
            paramLabel = "HOST:PORT",
            description = "Kafka to send the bans to (overrides the config).")
    String bootstrapServer;

    @Option(names = "--dry-run", description = "Print what would be banned; send nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        final ClientSettings settings = ClientSettings.resolve(
                Optional.ofNullable(config), Optional.ofNullable(bootstrapServer), Optional.<URI>empty());
        final Instant now = Instant.now();
        final List<Fail2banBan> bans;
        try (Fail2banDatabase db = Fail2banDatabase.open(database)) {
            bans = db.currentBans(now);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), Fleetban.EXIT_USAGE, e);
        }
        int imported = 0;
        int skipped = 0;
        try (CommandPublisher publisher =
                dryRun ? null : new CommandPublisher(kafka(settings), ClientCommand.actor(), Clock.systemUTC())) {
            for (Fail2banBan ban : bans) {
                final Optional<String> problem = problem(ban, settings);
                if (problem.isPresent()) {
                    System.out.printf("skip %s %s: %s%n", ban.jail(), ban.ip(), problem.get());
                    skipped++;
                    continue;
                }
                final Optional<Long> remaining = ban.remainingSeconds(now);
                System.out.printf(
                        "%s %s %s %s%n",
                        dryRun ? "would ban" : "ban",
                        ban.jail(),
                        ban.ip(),
                        remaining
                                .map(seconds -> seconds < 0 ? "permanent" : seconds + "s")
                                .orElse("jail's bantime"));
                if (!dryRun) {
                    publisher.ban(
                            ban.jail(),
                            List.of(IpRange.parse(ban.ip()).banTarget()),
                            remaining,
                            Optional.of("imported from fail2ban (banned " + ban.timeOfBan() + ", ban count "
                                    + ban.banCount() + ")"));
                }
                imported++;
            }
        }
        System.out.printf(
                "%s %d bans from %s, skipped %d%n", dryRun ? "would import" : "imported", imported, database, skipped);
        return Fleetban.EXIT_OK;
    }

    private static io.fleetban.kafka.KafkaSettings kafka(ClientSettings settings) {
        try {
            return settings.requireKafka();
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), Fleetban.EXIT_USAGE, e);
        }
    }

    /** Why a ban cannot be imported: an address fleetban refuses, or a jail this fleet's configuration lacks. */
    private static Optional<String> problem(Fail2banBan ban, ClientSettings settings) {
        try {
            IpRange.parse(ban.ip());
        } catch (IllegalArgumentException e) {
            return Optional.of("not an address: " + e.getMessage());
        }
        if (!settings.jails().isEmpty() && !settings.jails().contains(ban.jail())) {
            return Optional.of("no jail " + ban.jail() + " in the [fail2ban] configuration");
        }
        return Optional.empty();
    }
}
