package io.fleetban.fail2ban.jail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A port or port range from a jail's {@code port} option. fail2ban passes the option to iptables' multiport
 * match, so it reads as a comma-separated list of ports, service names ({@code ssh}, {@code http}) and
 * ranges ({@code 1000:2000}; {@code 1000-2000} is accepted too, as nftables writes it).
 *
 * @param from first port, 0..65535
 * @param to   last port, from..65535
 */
public record PortRange(int from, int to) {
    /** The highest port number. */
    public static final int MAX_PORT = 65535;

    /** Validates the record. */
    public PortRange {
        if (from < 0 || to > MAX_PORT || from > to) {
            throw new IllegalArgumentException("invalid port range " + from + ":" + to + " (0..65535, from <= to)");
        }
    }

    /** A single port. */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /**
     * Parses {@code "8000"}, {@code "ssh,http"}, {@code "1000:2000"}, {@code "0:65535"} (blanks around entries
     * are allowed).
     *
     * @param services service name to port (see {@link ServiceNames})
     * @throws IllegalArgumentException naming the entry that is neither a port, a range nor a known service
     */
    public static List<PortRange> parseList(String text, Map<String, Integer> services) {
        final List<PortRange> out = new ArrayList<>();
        for (String entry : text.split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                out.add(parseEntry(entry, services, text));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no port given: '" + text + "'");
        }
        return List.copyOf(out);
    }

    private static PortRange parseEntry(String entry, Map<String, Integer> services, String text) {
        final String[] parts = entry.matches("\\d+-\\d+") ? entry.split("-") : entry.split(":", -1);
        if (parts.length == 2) {
            return new PortRange(port(parts[0], services, text), port(parts[1], services, text));
        }
        if (parts.length == 1) {
            return of(port(entry, services, text));
        }
        throw new IllegalArgumentException("not a port or range: '" + entry + "' in '" + text + "'");
    }

    private static int port(String s, Map<String, Integer> services, String text) {
        if (s.matches("\\d{1,5}")) {
            final int p = Integer.parseInt(s);
            if (p <= MAX_PORT) {
                return p;
            }
            throw new IllegalArgumentException("port " + p + " above 65535 in '" + text + "'");
        }
        final Integer p = services.get(s.toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("unknown service name '" + s + "' in '" + text
                    + "' (not in fleetban's built-in list nor /etc/services; use the port number)");
        }
        return p;
    }

    /** True when this range covers every port. */
    public boolean isAllPorts() {
        return from <= 1 && to == MAX_PORT;
    }

    @Override
    public String toString() {
        return from == to ? Integer.toString(from) : from + ":" + to;
    }
}
