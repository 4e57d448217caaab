package io.fleetban.enforcer.backend;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server and a client network namespace joined by a veth pair, with TEST-NET addresses only:
 * server 198.51.100.1 and 2001:db8:100::1; client 198.51.100.2, 198.51.100.3 and 2001:db8:100::2.
 * Only traffic between these two namespaces is ever sent. {@link #close()} removes everything, also after a failure.
 */
public final class TwoNamespaceNetwork implements AutoCloseable {

    public static final String SERVER_V4 = "198.51.100.1";
    public static final String SERVER_V6 = "2001:db8:100::1";
    public static final String CLIENT_V4 = "198.51.100.2";
    public static final String OTHER_CLIENT_V4 = "198.51.100.3";
    public static final String CLIENT_V6 = "2001:db8:100::2";

    /** How a TCP connect from the client ended. */
    public enum Reach {
        OPEN,
        REFUSED,
        TIMED_OUT,
        OTHER
    }

    private final CommandRunner host = new ProcessCommandRunner(Duration.ofSeconds(20));
    private final String server;
    private final String client;
    private final List<Process> listeners = new ArrayList<>();

    private TwoNamespaceNetwork(String tag) {
        this.server = "fbit-" + tag + "-srv";
        this.client = "fbit-" + tag + "-cli";
    }

    /** Creates both namespaces; on any failure removes what was created and rethrows. */
    public static TwoNamespaceNetwork create() throws FirewallException {
        final String tag = Long.toString(ProcessHandle.current().pid() % 100_000);
        final TwoNamespaceNetwork network = new TwoNamespaceNetwork(tag);
        try {
            network.setUp("fbv" + tag + "s", "fbv" + tag + "c");
            return network;
        } catch (FirewallException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    private void setUp(String serverLink, String clientLink) throws FirewallException {
        for (List<String> argv : List.of(
                List.of("ip", "netns", "add", server),
                List.of("ip", "netns", "add", client),
                List.of(
                        "ip",
                        "-n",
                        server,
                        "link",
                        "add",
                        serverLink,
                        "type",
                        "veth",
                        "peer",
                        "name",
                        clientLink,
                        "netns",
                        client),
                List.of("ip", "-n", server, "addr", "add", SERVER_V4 + "/24", "dev", serverLink),
                List.of("ip", "-n", server, "addr", "add", SERVER_V6 + "/64", "dev", serverLink, "nodad"),
                List.of("ip", "-n", client, "addr", "add", CLIENT_V4 + "/24", "dev", clientLink),
                List.of("ip", "-n", client, "addr", "add", OTHER_CLIENT_V4 + "/24", "dev", clientLink),
                List.of("ip", "-n", client, "addr", "add", CLIENT_V6 + "/64", "dev", clientLink, "nodad"),
                List.of("ip", "-n", server, "link", "set", "lo", "up"),
                List.of("ip", "-n", client, "link", "set", "lo", "up"),
                List.of("ip", "-n", server, "link", "set", serverLink, "up"),
                List.of("ip", "-n", client, "link", "set", clientLink, "up"))) {
            host.runChecked(argv, "");
        }
    }

    /** Runs firewall commands inside the server namespace. */
    public CommandRunner serverRunner() {
        return new NamespaceCommandRunner(server, host);
    }

    /** Starts an HTTP server on {@code port} (IPv4 and IPv6) in the server namespace. */
    public void listen(int port) throws IOException {
        listeners.add(new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        server,
                        "python3",
                        "-m",
                        "http.server",
                        Integer.toString(port),
                        "--bind",
                        "::")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start());
    }

    /** A TCP connect (an HTTP GET with curl) from {@code source} in the client namespace to the server. */
    public Reach connect(String source, int port) throws FirewallException {
        final boolean v6 = source.contains(":");
        final String url = "http://" + (v6 ? "[" + SERVER_V6 + "]" : SERVER_V4) + ":" + port + "/";
        final CommandResult result = host.run(
                List.of(
                        "ip",
                        "netns",
                        "exec",
                        client,
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "--interface",
                        source,
                        "--connect-timeout",
                        "2",
                        "-m",
                        "3",
                        url),
                "");
        return switch (result.exitCode()) {
            case 0 -> Reach.OPEN;
            case 7 -> Reach.REFUSED;
            case 28 -> Reach.TIMED_OUT;
            default -> Reach.OTHER;
        };
    }

    /** Runs {@code argv} in the server namespace as an operator would, failing on a non-zero exit. */
    public String operator(String... argv) throws FirewallException {
        return serverRunner().runChecked(List.of(argv), "").stdout();
    }

    @Override
    public void close() throws FirewallException {
        listeners.forEach(Process::destroyForcibly);
        FirewallException first = null;
        for (String namespace : List.of(server, client)) {
            final CommandResult result = host.run(List.of("ip", "netns", "del", namespace), "");
            if (!result.succeeded() && !result.stderr().contains("No such file")) {
                first = first == null ? new FirewallException(result.describeFailure()) : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
