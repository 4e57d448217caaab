package io.fleetban.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays the attacker of the tutorial and watches the result from the attacker's side: sends HTTP requests (a new
 * TCP connection each, as curl does), then probes targets with plain TCP connects until each is refused (a REJECT
 * rule answers with an ICMP port-unreachable or RST) or accepted again. Used by {@code fleetban demo --self-test}
 * and the network-namespace end-to-end test, so both measure the same thing the same way.
 *
 * <p>Only ever point it at the demo's own addresses: loopback or namespaces the caller created.
 */
public final class AttackProbe {

    /** How a probe saw a target. */
    public enum Reachability {
        OPEN,
        REFUSED,
        SILENT
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(250);
    private static final Duration POLL_PAUSE = Duration.ofMillis(2);

    private final Clock clock;

    public AttackProbe(Clock clock) {
        this.clock = clock;
    }

    /** Sends {@code requests} GETs to {@code target}; returns the status code of each, -1 when refused or failed. */
    public List<Integer> attack(InetSocketAddress target, int requests, String userAgent) {
        return attack(target, requests, userAgent, Optional.empty());
    }

    /** As {@link #attack(InetSocketAddress, int, String)}, claiming to be {@code forwardedFor} behind a proxy. */
    public List<Integer> attack(
            InetSocketAddress target, int requests, String userAgent, Optional<String> forwardedFor) {
        final Integer[] codes = new Integer[requests];
        for (int i = 0; i < requests; i++) {
            codes[i] = get(target, userAgent, forwardedFor);
        }
        return List.of(codes);
    }

    /** One HTTP/1.1 GET on a fresh connection; the status code, or -1 when the connection was refused or failed. */
    public int get(InetSocketAddress target, String userAgent, Optional<String> forwardedFor) {
        try (Socket socket = new Socket()) {
            socket.connect(target, (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout(2_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + target.getHostString() + "\r\nUser-Agent: " + userAgent
                            + forwardedFor
                                    .map(ip -> "\r\nX-Forwarded-For: " + ip)
                                    .orElse("") + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return statusCode(socket.getInputStream());
        } catch (IOException e) {
            return -1;
        }
    }

    /** One TCP connect: OPEN if accepted, REFUSED on RST/ICMP unreachable, SILENT on timeout (DROP). */
    public Reachability probe(InetSocketAddress target) {
        try (Socket socket = new Socket()) {
            socket.connect(target, (int) CONNECT_TIMEOUT.toMillis());
            return Reachability.OPEN;
        } catch (ConnectException e) {
            return Reachability.REFUSED;
        } catch (SocketTimeoutException e) {
            return Reachability.SILENT;
        } catch (IOException e) {
            // "No route to host" is how some kernels report an ICMP reject: the rule is in force.
            return Reachability.REFUSED;
        }
    }

    /**
     * Probes every target until each has shown {@code wanted} (SILENT counts as refused), or {@code timeout} passes.
     * Returns, per target, the instant it was first seen so; empty where it never was.
     */
    public Map<InetSocketAddress, Optional<Instant>> awaitAll(
            List<InetSocketAddress> targets, Reachability wanted, Duration timeout) {
        final Map<InetSocketAddress, Optional<Instant>> seen = new LinkedHashMap<>();
        targets.forEach(t -> seen.put(t, Optional.empty()));
        final Instant deadline = clock.instant().plus(timeout);
        while (seen.containsValue(Optional.<Instant>empty()) && clock.instant().isBefore(deadline)) {
            for (InetSocketAddress target : targets) {
                if (seen.get(target).isEmpty() && matches(probe(target), wanted)) {
                    seen.put(target, Optional.of(clock.instant()));
                }
            }
            pause();
        }
        return seen;
    }

    private static boolean matches(Reachability actual, Reachability wanted) {
        return wanted == Reachability.OPEN ? actual == Reachability.OPEN : actual != Reachability.OPEN;
    }

    private static int statusCode(InputStream in) throws IOException {
        final StringBuilder statusLine = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n' && statusLine.length() < 256) {
            statusLine.append((char) c);
        }
        final String[] parts = statusLine.toString().split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
