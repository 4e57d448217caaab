package io.fleetban.fail2ban.jail;

import io.fleetban.fail2ban.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Service names usable in a jail's {@code port} option ({@code port = ssh}, {@code port = http,https}).
 * fail2ban hands them to iptables, which looks them up in {@code /etc/services}; fleetban does the same
 * lookup once at start-up, with a built-in table of the services fail2ban's stock jail.conf uses so that
 * hosts (or containers) without {@code /etc/services} still read stock jails.
 */
public final class ServiceNames {
    /** Where the system's service table lives. */
    public static final Path ETC_SERVICES = Path.of("/etc/services");

    private static final Map<String, Integer> BUILT_IN = builtInTable();

    private ServiceNames() {}

    private static Map<String, Integer> builtInTable() {
        final Map<String, Integer> m = new LinkedHashMap<>();
        m.put("ftp-data", 20);
        m.put("ftp", 21);
        m.put("ssh", 22);
        m.put("telnet", 23);
        m.put("smtp", 25);
        m.put("domain", 53);
        m.put("http", 80);
        m.put("www", 80);
        m.put("kerberos", 88);
        m.put("pop3", 110);
        m.put("sunrpc", 111);
        m.put("ntp", 123);
        m.put("imap", 143);
        m.put("imap2", 143);
        m.put("snmp", 161);
        m.put("imap3", 220);
        m.put("ldap", 389);
        m.put("https", 443);
        m.put("submissions", 465);
        m.put("ssmtp", 465);
        m.put("smtps", 465);
        m.put("isakmp", 500);
        m.put("submission", 587);
        m.put("ldaps", 636);
        m.put("rsync", 873);
        m.put("ftps-data", 989);
        m.put("ftps", 990);
        m.put("imaps", 993);
        m.put("pop3s", 995);
        m.put("socks", 1080);
        m.put("openvpn", 1194);
        m.put("ms-sql-s", 1433);
        m.put("mysql", 3306);
        m.put("squid", 3128);
        m.put("sieve", 4190);
        m.put("ipsec-nat-t", 4500);
        m.put("sip", 5060);
        m.put("sip-tls", 5061);
        m.put("xmpp-client", 5222);
        m.put("postgresql", 5432);
        m.put("http-alt", 8080);
        m.put("webmin", 10000);
        m.put("mongodb", 27017);
        return Collections.unmodifiableMap(m);
    }

    /** The built-in table only (deterministic; for tests and hosts without /etc/services). */
    public static Map<String, Integer> builtIn() {
        return BUILT_IN;
    }

    /** The built-in table overlaid with {@code /etc/services} when that file exists (the system's names win). */
    public static Map<String, Integer> system() {
        return Files.isRegularFile(ETC_SERVICES) ? withServicesFile(ETC_SERVICES) : BUILT_IN;
    }

    /**
     * The built-in table overlaid with a services(5) file: {@code name port/proto [aliases...] [# comment]}.
     * Lines not in that form are passed over, as glibc's {@code getservbyname} (which iptables uses) does, so a
     * stray line in a system file does not stop fleetban where it does not stop the firewall tools.
     *
     * @throws ConfigException if the file cannot be read
     */
    public static Map<String, Integer> withServicesFile(Path file) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, null, null, "cannot read: " + e, e);
        }
        final Map<String, Integer> m = new LinkedHashMap<>(BUILT_IN);
        for (String raw : lines) {
            final String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            final String[] f = line.split("\\s+");
            if (f.length < 2 || !f[1].matches("\\d{1,5}/\\w+")) {
                continue;
            }
            final int port = Integer.parseInt(f[1].substring(0, f[1].indexOf('/')));
            if (port > PortRange.MAX_PORT) {
                continue;
            }
            for (int k = 0; k < f.length; k++) {
                if (k != 1) {
                    m.put(f[k].toLowerCase(Locale.ROOT), port);
                }
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
