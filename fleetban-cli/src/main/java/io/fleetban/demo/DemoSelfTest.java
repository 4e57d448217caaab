package io.fleetban.demo;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code fleetban demo --self-test}: plays the tutorial's attacker against the running demo and checks that the ban
 * and, after bantime, the unban happen. The attacker is a TEST-NET-3 address claimed through X-Forwarded-For (the
 * demo app trusts its own loopback "proxy"), since fleetban never bans loopback itself.
 */
public final class DemoSelfTest {

    static final String ATTACKER = "203.0.113.50";
    private static final Duration BAN_TIMEOUT = Duration.ofSeconds(15);

    private DemoSelfTest() {}

    /** Returns true when both the ban and the unban were seen in time; prints the timings. */
    public static boolean run(DemoFleet fleet, Duration bantime, PrintStream out) {
        final CompletableFuture<Instant> banned = new CompletableFuture<>();
        final CompletableFuture<Instant> unbanned = new CompletableFuture<>();
        fleet.printer().onEvent(event -> {
            if (ATTACKER.equals(event.ip()) && "ban".equals(event.kind())) {
                banned.complete(event.seenAt());
            } else if (ATTACKER.equals(event.ip()) && "unban".equals(event.kind())) {
                unbanned.complete(event.seenAt());
            }
        });
        final AttackProbe attacker = new AttackProbe(Clock.systemUTC());
        out.println("self-test: 5 requests from " + ATTACKER + " (via X-Forwarded-For) to http://127.0.0.1:"
                + fleet.appPort() + "/");
        final List<Integer> codes = attacker.attack(
                new InetSocketAddress("127.0.0.1", fleet.appPort()), 5, "fleetban-self-test", Optional.of(ATTACKER));
        final Instant fifth = Instant.now();
        if (!codes.stream().allMatch(code -> code == 200)) {
            out.println("self-test: FAILED, the demo app answered " + codes);
            return false;
        }
        final Optional<Instant> banAt = await(banned, BAN_TIMEOUT);
        if (banAt.isEmpty()) {
            out.println("self-test: FAILED, no ban within " + BAN_TIMEOUT.toSeconds() + " s");
            return false;
        }
        out.printf(
                "self-test: ban decided and published %d ms after the 5th request%n",
                Duration.between(fifth, banAt.get()).toMillis());
        final Optional<Instant> unbanAt = await(unbanned, bantime.plus(BAN_TIMEOUT));
        if (unbanAt.isEmpty()) {
            out.println("self-test: FAILED, no unban within bantime + " + BAN_TIMEOUT.toSeconds() + " s");
            return false;
        }
        out.printf(
                "self-test: unban %d ms after the ban (bantime %d s)%n",
                Duration.between(banAt.get(), unbanAt.get()).toMillis(), bantime.toSeconds());
        out.println("self-test: PASSED");
        return true;
    }

    private static Optional<Instant> await(CompletableFuture<Instant> event, Duration timeout) {
        try {
            return Optional.of(event.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
