package io.fleetban.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/**
 * The two benchmark logs, generated deterministically (fixed seed) so every run measures the same bytes:
 * the tutorial app's format ({@code YYYY-MM-DD HH:MM:SS - IP: a - User-Agent: ua}, every line a failure as in the
 * tutorial) and a Debian auth.log: sshd failures of several kinds, accepted logins, session and disconnect noise and
 * other daemons, about 40% of the lines failures. Addresses are TEST-NET and private ranges only.
 */
final class BenchLogs {

    private static final DateTimeFormatter SEED_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter SYSLOG_DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final String[] USER_AGENTS = {
        "curl/7.81.0",
        "Wget/1.21.3",
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "python-requests/2.31.0"
    };
    private static final String[] USERS = {"root", "admin", "oracle", "ubuntu", "test", "git", "postgres", "pi"};
    /** Year-less syslog dates in early January: in the past whatever the current date, for fail2ban and fleetban. */
    private static final LocalDateTime SYSLOG_START = LocalDateTime.of(2000, 1, 2, 0, 0, 0);

    private static final LocalDateTime SEED_START = LocalDateTime.of(2025, 10, 8, 0, 0, 0);

    private BenchLogs() {}

    static void writeSeedLog(Path file, int lines) {
        final Random random = new Random(42);
        write(
                file,
                lines,
                (i, out) -> out.append(SEED_START.plusSeconds(i / 8).format(SEED_DATE))
                        .append(" - IP: ")
                        .append(testNet(random))
                        .append(" - User-Agent: ")
                        .append(USER_AGENTS[random.nextInt(USER_AGENTS.length)]));
    }

    static void writeAuthLog(Path file, int lines) {
        final Random random = new Random(42);
        write(file, lines, (i, out) -> {
            out.append(SYSLOG_START.plusSeconds(i / 8).format(SYSLOG_DATE)).append(" web-1 ");
            final int pid = 10_000 + i / 4;
            final String ip = testNet(random);
            final String user = USERS[random.nextInt(USERS.length)];
            final int port = 30_000 + random.nextInt(30_000);
            final String sshd = "sshd[" + pid + "]: ";
            switch (random.nextInt(10)) {
                case 0 ->
                    out.append(sshd + "Failed password for invalid user " + user + " from " + ip + " port " + port
                            + " ssh2");
                case 1 -> out.append(sshd + "Failed password for " + user + " from " + ip + " port " + port + " ssh2");
                case 2 -> out.append(sshd + "Invalid user " + user + " from " + ip + " port " + port);
                case 3 ->
                    out.append(sshd + "error: maximum authentication attempts exceeded for " + user + " from " + ip
                            + " port " + port + " ssh2 [preauth]");
                case 4 ->
                    out.append(sshd + "Accepted publickey for deploy from 10.1." + random.nextInt(256) + '.'
                            + random.nextInt(256) + " port " + port
                            + " ssh2: ED25519 SHA256:q1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v");
                case 5 ->
                    out.append(sshd + "pam_unix(sshd:session): session opened for user deploy(uid=1000) by (uid=0)");
                case 6 ->
                    out.append(sshd + "Received disconnect from 10.1.2.3 port " + port + ":11: disconnected by user");
                case 7 -> out.append("CRON[" + pid + "]: pam_unix(cron:session): session closed for user root");
                case 8 -> out.append("systemd-logind[412]: New session " + i + " of user deploy.");
                default ->
                    out.append("kernel: [" + i + ".123456] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=" + ip
                            + " DST=192.0.2.10 LEN=60 PROTO=TCP SPT=" + port + " DPT=23");
            }
        });
    }

    private static String testNet(Random random) {
        final String[] nets = {"192.0.2.", "198.51.100.", "203.0.113."};
        return nets[random.nextInt(nets.length)] + (1 + random.nextInt(254));
    }

    /** Writes one line per index. */
    private interface LineWriter {
        void write(int index, StringBuilder out);
    }

    private static void write(Path file, int lines, LineWriter lineWriter) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            final StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < lines; i++) {
                line.setLength(0);
                lineWriter.write(i, line);
                out.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
