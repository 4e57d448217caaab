package io.fleetban.enforcer.backend.command;

import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.fail2ban.jail.PortRange;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The run-time tags of fail2ban's {@code Fail2banAction} that fleetban can fill in, each from an already validated
 * value: {@code <ip>} from the {@link BanKey} (parsed and re-checked by the BanGuard), {@code <name>},
 * {@code <port>}, {@code <protocol>} from the jail's validated config, {@code <family>}, {@code <bantime>} and
 * {@code <ip-rev>} computed here. Nothing from a log line or a topic reaches a command as free text.
 */
public final class ActionTags {

    public static final String IP = "ip";
    public static final String IP_REV = "ip-rev";
    public static final String FAMILY = "family";
    public static final String NAME = "name";
    public static final String PORT = "port";
    public static final String PROTOCOL = "protocol";
    public static final String BANTIME = "bantime";

    /** Tags known for a whole jail (actionstart, actionstop). */
    public static final Set<String> JAIL_TAGS = Set.of(NAME, PORT, PROTOCOL, FAMILY);
    /** Tags known for one ban (actionban, actionunban). */
    public static final Set<String> BAN_TAGS = Set.of(NAME, PORT, PROTOCOL, FAMILY, IP, IP_REV, BANTIME);

    private ActionTags() {}

    /** Tags of {@code actionstart}/{@code actionstop} for one jail and family. */
    public static Map<String, String> forJail(EnforcedJail jail, IpFamily family) {
        final Map<String, String> tags = new HashMap<>();
        tags.put(NAME, jail.name());
        tags.put(PORT, portList(jail.ports()));
        tags.put(PROTOCOL, jail.protocol());
        tags.put(FAMILY, familyName(family));
        return Collections.unmodifiableMap(tags);
    }

    /**
     * Tags of {@code actionban}/{@code actionunban}.
     *
     * @param bantimeSeconds seconds the ban has left, -1 when permanent (fail2ban's {@code bantime = -1})
     */
    public static Map<String, String> forBan(EnforcedJail jail, BanKey key, long bantimeSeconds) {
        final Map<String, String> tags = new HashMap<>(forJail(jail, key.family()));
        tags.put(IP, key.entryText());
        tags.put(IP_REV, reversed(key.target().network()));
        tags.put(BANTIME, Long.toString(bantimeSeconds));
        return Collections.unmodifiableMap(tags);
    }

    /** fail2ban's {@code <family>}: inet4 or inet6, also the condition of {@code [Init?family=inet6]}. */
    public static String familyName(IpFamily family) {
        return family == IpFamily.IPV6 ? "inet6" : "inet4";
    }

    /** fail2ban's {@code <port>} as its multiport actions take it: "22,80,1000:2000"; no ports = "0:65535". */
    static String portList(List<PortRange> ports) {
        if (ports.isEmpty()) {
            return "0:" + PortRange.MAX_PORT;
        }
        return ports.stream().map(PortRange::toString).collect(Collectors.joining(","));
    }

    /**
     * fail2ban's {@code <ip-rev>} ({@code IPAddr.getPTR("")}): the address's labels reversed with a trailing dot,
     * "4.3.2.1." for 1.2.3.4, nibbles for IPv6, ready for a DNSBL suffix. For a prefix ban it is the network's.
     */
    static String reversed(InetAddress address) {
        final byte[] bytes = address.getAddress();
        final List<String> labels = new ArrayList<>();
        for (byte b : bytes) {
            if (bytes.length == 4) {
                labels.add(Integer.toString(b & 0xff));
            } else {
                labels.add(Integer.toHexString((b >> 4) & 0xf));
                labels.add(Integer.toHexString(b & 0xf));
            }
        }
        Collections.reverse(labels);
        return String.join(".", labels) + ".";
    }
}
