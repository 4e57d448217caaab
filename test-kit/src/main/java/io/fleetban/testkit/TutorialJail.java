package io.fleetban.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The fail2ban tutorial fleetban reproduces, for tests: its jail and filter ({@code examples/jail.d/fail.conf},
 * {@code examples/filter.d/fail.conf}, copied unchanged but for {@code logpath}) and the lines its demo app writes
 * ({@code 2025-10-08 14:23:15 - IP: <ip> - User-Agent: curl/7.81.0}). Jail {@value #JAIL}: maxretry 5, findtime 600,
 * bantime 60, port 8000.
 */
public final class TutorialJail {

    /** The tutorial jail's name. */
    public static final String JAIL = "fail";
    /** Failures within findtime that ban. */
    public static final int MAX_RETRY = 5;

    private static final String SEED_LOGPATH = "logpath = /tmp/fail.log";
    private static final DateTimeFormatter LINE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private TutorialJail() {}

    /** The repository's {@code examples} directory: system property {@code fleetban.repo}, else the module's parent. */
    public static Path examples() {
        return Path.of(System.getProperty("fleetban.repo", ".."))
                .resolve("examples")
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Writes {@code <dir>/fail2ban} with the tutorial's filter.d/fail.conf and jail.d/fail.conf unchanged
     * ({@code logpath = /tmp/fail.log}): enough for agents that read the jails but tail nothing. Returns that directory.
     */
    public static Path fail2banDir(Path dir) throws IOException {
        final Path fail2ban = dir.resolve("fail2ban");
        Files.createDirectories(fail2ban.resolve("filter.d"));
        Files.createDirectories(fail2ban.resolve("jail.d"));
        Files.copy(examples().resolve("filter.d/fail.conf"), fail2ban.resolve("filter.d/fail.conf"));
        Files.copy(examples().resolve("jail.d/fail.conf"), fail2ban.resolve("jail.d/fail.conf"));
        return fail2ban;
    }

    /**
     * Writes {@code <dir>/fail2ban} (filter.d/fail.conf, jail.d/fail.conf) with the tutorial jail watching
     * {@code logPath}; returns that directory, the {@code [fail2ban] config.dir} of a test's fleetban.conf.
     */
    public static Path fail2banDir(Path dir, Path logPath) throws IOException {
        final Path fail2ban = fail2banDir(dir);
        final Path jailFile = fail2ban.resolve("jail.d/fail.conf");
        final String jail = Files.readString(jailFile);
        final String rewritten = jail.replace(SEED_LOGPATH, "logpath = " + logPath);
        if (rewritten.equals(jail)) {
            throw new IllegalStateException("the tutorial jail no longer has '" + SEED_LOGPATH + "'");
        }
        Files.writeString(jailFile, rewritten);
        return fail2ban;
    }

    /** A line as the tutorial's demo app writes it, at {@code time} (UTC, whole seconds). */
    public static String line(Instant time, String ip) {
        return LINE_TIME.format(time) + " - IP: " + ip + " - User-Agent: curl/7.81.0";
    }

    /** Appends one tutorial line per entry of {@code ips}, at the current second; returns that second. */
    public static Instant append(Path log, String... ips) throws IOException {
        final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final StringBuilder text = new StringBuilder();
        for (String ip : ips) {
            text.append(line(now, ip)).append('\n');
        }
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return now;
    }
}
