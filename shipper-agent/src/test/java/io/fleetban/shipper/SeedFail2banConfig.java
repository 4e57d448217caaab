package io.fleetban.shipper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seed tutorial's fail2ban files ({@code examples/filter.d/fail.conf}, {@code examples/jail.d/fail.conf}) copied
 * unchanged into a temporary fail2ban directory, except that {@code logpath} points into the test's directory,
 * plus a fleetban.conf naming it.
 */
final class SeedFail2banConfig {

    private static final Path EXAMPLES = Path.of("..", "examples");

    private SeedFail2banConfig() {}

    /** Writes {@code <dir>/fail2ban} with the seed jail watching {@code logPath}; returns that fail2ban dir. */
    static Path fail2banDir(Path dir, Path logPath) throws IOException {
        Path fail2ban = dir.resolve("fail2ban");
        Files.createDirectories(fail2ban.resolve("filter.d"));
        Files.createDirectories(fail2ban.resolve("jail.d"));
        Files.copy(EXAMPLES.resolve("filter.d/fail.conf"), fail2ban.resolve("filter.d/fail.conf"));
        String jail = Files.readString(EXAMPLES.resolve("jail.d/fail.conf"));
        String rewritten = jail.replace("logpath = /tmp/fail.log", "logpath = " + logPath);
        if (rewritten.equals(jail)) {
            throw new IllegalStateException("the seed jail no longer has 'logpath = /tmp/fail.log'");
        }
        Files.writeString(fail2ban.resolve("jail.d/fail.conf"), rewritten);
        return fail2ban;
    }

    /** Writes a fleetban.conf for a shipper with the seed jail; {@code shipperKeys} are extra [shipper] lines. */
    static Path fleetbanConf(Path dir, String bootstrapServers, Path logPath, String... shipperKeys)
            throws IOException {
        return fleetbanConf(dir, bootstrapServers, "fleetban.", logPath, shipperKeys);
    }

    /** As {@link #fleetbanConf(Path, String, Path, String...)}, with a topic prefix of the test's own. */
    static Path fleetbanConf(Path dir, String bootstrapServers, String topicPrefix, Path logPath, String... shipperKeys)
            throws IOException {
        Path fail2ban = fail2banDir(dir, logPath);
        StringBuilder text = new StringBuilder()
                .append("[kafka]\nbootstrap.servers = ")
                .append(bootstrapServers)
                .append('\n')
                .append("topic.prefix = ")
                .append(topicPrefix)
                .append('\n')
                .append("[fail2ban]\nconfig.dir = ")
                .append(fail2ban)
                .append('\n')
                .append("[shipper]\nhost.id = web-1\nstate.dir = ")
                .append(dir.resolve("state"))
                .append('\n');
        for (String line : shipperKeys) {
            text.append(line).append('\n');
        }
        Path conf = dir.resolve("fleetban.conf");
        Files.writeString(conf, text);
        return conf;
    }
}
