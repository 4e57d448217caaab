package io.fleetban.cli;

import io.fleetban.demo.AttackProbe;
import io.fleetban.demo.AttackProbe.Reachability;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code fleetban probe}: attack a demo host and watch others from the attacker's side, in one process so the
 * ban latency is measured from the last request's answer to the first refused connect, on one clock.
 * For demo fleets and tests only: point it only at loopback or at namespaces you created.
 */
@Command(
        name = "probe",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Send requests to a demo host, then wait until the watched hosts refuse (or accept) connections.")
final class ProbeCommand implements Callable<Integer> {

    @Option(
            names = "--attack",
            paramLabel = "HOST:PORT",
            converter = AddressConverter.class,
            description = "Host to send requests to first.")
    InetSocketAddress attack;

    @Option(names = "--requests", defaultValue = "5", description = "Requests to send (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--user-agent", defaultValue = "fleetban-probe", description = "User-Agent of the requests.")
    String userAgent;

    @Option(
            names = "--watch",
            paramLabel = "HOST:PORT",
            converter = AddressConverter.class,
            description = "Host to watch (repeatable).")
    List<InetSocketAddress> watch = List.of();

    @Option(
            names = "--await",
            defaultValue = "REFUSED",
            description = "What to wait for: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Reachability await;

    @Option(
            names = "--timeout-ms",
            defaultValue = "5000",
            description = "How long to watch (default: ${DEFAULT-VALUE} ms).")
    long timeoutMs;

    @Override
    public Integer call() {
        final AttackProbe probe = new AttackProbe(Clock.systemUTC());
        Instant start = Instant.now();
        if (attack != null) {
            final List<Integer> codes = probe.attack(attack, requests, userAgent);
            start = Instant.now();
            System.out.println("attack " + format(attack) + " codes="
                    + codes.stream().map(String::valueOf).collect(Collectors.joining(",")) + " at="
                    + start.toEpochMilli());
        }
        final Map<InetSocketAddress, Optional<Instant>> seen =
                probe.awaitAll(watch, await, Duration.ofMillis(timeoutMs));
        boolean all = true;
        for (Map.Entry<InetSocketAddress, Optional<Instant>> entry : seen.entrySet()) {
            if (entry.getValue().isPresent()) {
                final Instant at = entry.getValue().get();
                System.out.println(
                        await.name().toLowerCase() + " " + format(entry.getKey()) + " at=" + at.toEpochMilli()
                                + " after=" + Duration.between(start, at).toMillis());
            } else {
                all = false;
                System.out.println("never " + format(entry.getKey()));
            }
        }
        return all ? Fleetban.EXIT_OK : Fleetban.EXIT_FAILURE;
    }

    private static String format(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** HOST:PORT, with IPv6 in brackets. */
    static final class AddressConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            final int colon = value.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("expected HOST:PORT, got " + value);
            }
            final String host = value.substring(0, colon).replace("[", "").replace("]", "");
            return new InetSocketAddress(host, Integer.parseInt(value.substring(colon + 1)));
        }
    }
}
