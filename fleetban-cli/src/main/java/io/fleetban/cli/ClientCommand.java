package io.fleetban.cli;

import io.fleetban.client.AnswerText;
import io.fleetban.client.ClientSettings;
import io.fleetban.client.CommandPublisher;
import io.fleetban.client.CoordinatorQueryClient;
import io.fleetban.coordinator.query.BanView;
import io.fleetban.coordinator.query.BansAnswer;
import io.fleetban.coordinator.query.Coverage;
import io.fleetban.coordinator.query.JailStatus;
import io.fleetban.coordinator.query.OffenderView;
import io.fleetban.fail2ban.value.BanTargetRule;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fleetban client}: fail2ban-client's operator verbs, fleet-wide. */
@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        description =
                "Operate the fleet like fail2ban-client: status, banip, unbanip, banned, get, why, resume, hosts.",
        subcommands = {
            ClientCommand.Status.class,
            ClientCommand.BanIp.class,
            ClientCommand.UnbanIp.class,
            ClientCommand.Banned.class,
            ClientCommand.Get.class,
            ClientCommand.Why.class,
            ClientCommand.Resume.class,
            ClientCommand.Hosts.class
        })
final class ClientCommand {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "fleetban.conf to read [kafka] and [client] from.")
    Path config;

    @Option(
            names = "--bootstrap-server",
            paramLabel = "HOST:PORT",
            description = "Kafka to send commands to (overrides the config).")
    String bootstrapServer;

    @Option(
            names = "--coordinator",
            paramLabel = "URL",
            description = "Coordinator query API, e.g. http://127.0.0.1:7070 (overrides the config).")
    URI coordinator;

    ClientSettings settings() {
        return ClientSettings.resolve(
                Optional.ofNullable(config), Optional.ofNullable(bootstrapServer), Optional.ofNullable(coordinator));
    }

    /** The coordinator's query API, at the configured or given URL. */
    CoordinatorQueryClient query() {
        return settings().queryClient();
    }

    CommandPublisher publisher() {
        try {
            return new CommandPublisher(settings().requireKafka(), actor(), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), Fleetban.EXIT_USAGE, e);
        }
    }

    /** Who is recorded in the decision: user@host, as an audit trail for manual bans. */
    static String actor() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name", "unknown") + "@" + host;
    }

    /**
     * A partial answer (some coordinator instance did not answer) is printed as such on stderr and exits 1: a
     * script must not take one instance's share for the fleet's.
     */
    static int partial(Coverage coverage) {
        if (!coverage.partial()) {
            return Fleetban.EXIT_OK;
        }
        System.err.println(coverage.describe());
        return Fleetban.EXIT_FAILURE;
    }

    /**
     * Every address or network (CIDR) in canonical form, or a usage error naming the first that {@code check}
     * refuses and why; checked before Kafka is asked.
     */
    static List<String> validated(List<String> ips, Function<String, BanTargetRule.Verdict> check) {
        return ips.stream()
                .map(ip -> {
                    final BanTargetRule.Verdict verdict = check.apply(ip);
                    if (verdict instanceof BanTargetRule.Refused refused) {
                        throw new UserFacingException("refused " + ip + ": " + refused.message(), Fleetban.EXIT_USAGE);
                    }
                    return ((BanTargetRule.Allowed) verdict).target().banTarget();
                })
                .toList();
    }

    /** Addresses and networks that may be banned ({@code [bans]}, the rule the coordinator and enforcers apply). */
    List<String> bannable(List<String> ips) {
        return validated(ips, new BanTargetRule(settings().banLimits())::check);
    }

    /** Addresses and networks to unban or look up: only their syntax is checked, so an old wider ban can be lifted. */
    static List<String> wellFormed(List<String> ips) {
        return validated(ips, BanTargetRule::parse);
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show a jail's fleet-wide status, as fail2ban-client status <jail>.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "JAIL")
        String jail;

        @Override
        public Integer call() {
            final ClientSettings settings = parent.settings();
            final JailStatus status = settings.queryClient().status(jail);
            System.out.print(AnswerText.status(status, settings.logPaths(jail)));
            return partial(status.coverage());
        }
    }

    @Command(
            name = "banip",
            mixinStandardHelpOptions = true,
            description = "Ban addresses on every host now (fail2ban-client set <jail> banip).")
    static final class BanIp implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(index = "0", paramLabel = "JAIL")
        String jail;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "IP")
        List<String> ips;

        @Option(
                names = "--bantime",
                paramLabel = "SECONDS",
                description = "Ban length in seconds instead of the jail's; -1 is permanent.")
        Long bantime;

        @Option(names = "--reason", description = "Why, recorded in the decision.")
        String reason;

        @Override
        public Integer call() {
            final List<String> valid = parent.bannable(ips);
            try (CommandPublisher publisher = parent.publisher()) {
                publisher.ban(jail, valid, Optional.ofNullable(bantime), Optional.ofNullable(reason));
            }
            System.out.println(ips.size());
            return Fleetban.EXIT_OK;
        }
    }

    @Command(
            name = "unbanip",
            mixinStandardHelpOptions = true,
            description = "Lift bans on every host (fail2ban-client set <jail> unbanip).")
    static final class UnbanIp implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(index = "0", paramLabel = "JAIL")
        String jail;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "IP")
        List<String> ips = List.of();

        @Option(names = "--all", description = "Lift every ban of the jail.")
        boolean all;

        @Option(names = "--reason", description = "Why, recorded in the decision.")
        String reason;

        @Override
        public Integer call() {
            if (all == !ips.isEmpty()) {
                throw new UserFacingException("give either IP addresses or --all", Fleetban.EXIT_USAGE);
            }
            final List<String> valid = wellFormed(ips);
            try (CommandPublisher publisher = parent.publisher()) {
                if (all) {
                    publisher.unbanAll(jail, Optional.ofNullable(reason));
                } else {
                    publisher.unban(jail, valid, Optional.ofNullable(reason));
                }
            }
            System.out.println(all ? "all" : String.valueOf(ips.size()));
            return Fleetban.EXIT_OK;
        }
    }

    @Command(
            name = "banned",
            mixinStandardHelpOptions = true,
            description = "List every active ban in the fleet with its expiry.")
    static final class Banned implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Override
        public Integer call() {
            final BansAnswer answer = parent.query().bans();
            for (BanView ban : answer.bans()) {
                System.out.printf(
                        "%s\t%s\t%s\t%s\t%s%n",
                        ban.jail(),
                        ban.ip(),
                        java.time.Instant.ofEpochMilli(ban.bannedAt()),
                        ban.expiresAt() == null ? "permanent" : java.time.Instant.ofEpochMilli(ban.expiresAt()),
                        ban.source());
            }
            return partial(answer.coverage());
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Print a jail's setting as the coordinator applies it (fail2ban-client get <jail> <key>).")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(index = "0", paramLabel = "JAIL")
        String jail;

        @Parameters(index = "1", paramLabel = "KEY", description = "One of: ${COMPLETION-CANDIDATES} (any case).")
        AnswerText.Setting key;

        @Override
        public Integer call() {
            System.out.print(AnswerText.setting(parent.query().settings(jail), key));
            return Fleetban.EXIT_OK;
        }
    }

    @Command(
            name = "why",
            mixinStandardHelpOptions = true,
            description = "Show one IP's offenses across the fleet (times, hosts) and, if banned, why.")
    static final class Why implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(index = "0", paramLabel = "JAIL")
        String jail;

        @Parameters(index = "1", paramLabel = "IP", description = "An address, or a network banned as one (CIDR).")
        String ip;

        @Override
        public Integer call() {
            final String target = wellFormed(List.of(ip)).get(0);
            final CoordinatorQueryClient query = parent.query();
            final OffenderView report = query.offender(jail, target);
            System.out.print(AnswerText.why(report));
            if (report.banned() && report.bannedAt() != null) {
                try {
                    System.out.print(
                            AnswerText.enforcement(query.hosts(), report.jail(), report.ip(), report.bannedAt()));
                } catch (CoordinatorQueryClient.CoordinatorUnavailableException e) {
                    System.out.println("enforced:    unknown (" + e.getMessage() + ")");
                }
            }
            return Fleetban.EXIT_OK;
        }
    }

    @Command(
            name = "hosts",
            mixinStandardHelpOptions = true,
            description =
                    "List every enforcer: last seen, decisions (offsets) behind, whether its ban set equals the "
                            + "fleet's, firewall health and last repair. A host silent for 3 of its status intervals is missing.")
    static final class Hosts implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Override
        public Integer call() {
            System.out.print(AnswerText.hosts(parent.query().hosts()));
            return Fleetban.EXIT_OK;
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description =
                    "Restart a jail's automatic banning after its safety valve (fleet.maxbans.rate) stopped it; bans stay.")
    static final class Resume implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "JAIL")
        String jail;

        @Option(names = "--reason", description = "Why, recorded in the coordinator's log.")
        String reason;

        @Override
        public Integer call() {
            try (CommandPublisher publisher = parent.publisher()) {
                publisher.resume(jail, Optional.ofNullable(reason));
            }
            System.out.println("resumed " + jail);
            return Fleetban.EXIT_OK;
        }
    }
}
