package io.fleetban.e2e;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several hosts on one machine: one network namespace per host, all joined by a bridge in a "core" namespace, on a
 * random /24 of 198.18.0.0/15 (reserved for network benchmarking, RFC 2544), so two runs never collide and no real
 * network is ever addressed. The test JVM gets its own leg on the bridge ({@code .254}) to reach the broker and the
 * coordinator. Closing deletes every namespace (and with them every veth, rule and set inside), even after a failure.
 */
final class NetnsFleet implements AutoCloseable {

    static final int CORE_HOST = 1;
    static final int TEST_LEG_HOST = 254;

    private final String id;
    private final String subnet;
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final List<String> rootLinks = new ArrayList<>();

    NetnsFleet() {
        final SecureRandom random = new SecureRandom();
        this.id = String.format("%04x", random.nextInt(0x10000));
        this.subnet = "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256);
        final String core = namespace("core");
        Shell.check("ip", "netns", "add", core);
        namespaces.put("core", core);
        Shell.check("ip", "-n", core, "link", "set", "lo", "up");
        Shell.check("ip", "-n", core, "link", "add", "br0", "type", "bridge");
        Shell.check("ip", "-n", core, "addr", "add", address(CORE_HOST) + "/24", "dev", "br0");
        Shell.check("ip", "-n", core, "link", "set", "br0", "up");
        // The test's own leg: a veth from the root namespace into the bridge.
        final String rootSide = "fb" + id + "t";
        Shell.check("ip", "link", "add", rootSide, "type", "veth", "peer", "name", "t" + id, "netns", core);
        rootLinks.add(rootSide);
        Shell.check("ip", "-n", core, "link", "set", "t" + id, "master", "br0", "up");
        Shell.check("ip", "addr", "add", address(TEST_LEG_HOST) + "/24", "dev", rootSide);
        Shell.check("ip", "link", "set", rootSide, "up");
    }

    /** Adds a host namespace with address {@code <subnet>.<hostOctet>} on the bridge; returns its namespace name. */
    String addHost(String role, int hostOctet) {
        final String ns = namespace(role);
        final String core = namespaces.get("core");
        Shell.check("ip", "netns", "add", ns);
        namespaces.put(role, ns);
        Shell.check("ip", "-n", ns, "link", "set", "lo", "up");
        final String bridgeSide = "v" + role;
        Shell.check("ip", "-n", core, "link", "add", bridgeSide, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Shell.check("ip", "-n", core, "link", "set", bridgeSide, "master", "br0", "up");
        Shell.check("ip", "-n", ns, "addr", "add", address(hostOctet) + "/24", "dev", "eth0");
        Shell.check("ip", "-n", ns, "link", "set", "eth0", "up");
        return ns;
    }

    String namespace(String role) {
        return namespaces.getOrDefault(role, "fbe2e-" + id + "-" + role);
    }

    String address(int hostOctet) {
        return subnet + "." + hostOctet;
    }

    /** {@code ip netns exec <ns> <command...>} as an argument vector. */
    List<String> in(String role, String... command) {
        return Shell.concat(List.of("ip", "netns", "exec", namespace(role)), command);
    }

    @Override
    public void close() {
        for (String ns : namespaces.values()) {
            // Processes left in a namespace would keep it alive; the test normally stops them itself.
            for (String pid : Shell.run("ip", "netns", "pids", ns).output().split("\\s+")) {
                if (!pid.isBlank()) {
                    Shell.run("kill", "-9", pid.strip());
                }
            }
        }
        for (String ns : namespaces.values()) {
            Shell.run("ip", "netns", "del", ns);
        }
        for (String link : rootLinks) {
            Shell.run("ip", "link", "del", link);
        }
    }
}
