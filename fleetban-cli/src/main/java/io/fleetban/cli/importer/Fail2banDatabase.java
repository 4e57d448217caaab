package io.fleetban.cli.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * fail2ban's SQLite database ({@code dbfile}, on Debian {@code /var/lib/fail2ban/fail2ban.sqlite3}), opened read-only
 * so that a running fail2ban is not disturbed. Since version 4 of its schema fail2ban keeps each (ip, jail)'s latest
 * ban in table {@code bips} and restores from there at start; older databases only have the history in {@code bans},
 * whose latest row per (jail, ip) is the same thing.
 */
public final class Fail2banDatabase implements AutoCloseable {

    private static final String LATEST_BANS_V4 = "SELECT jail, ip, timeofban, bantime, bancount FROM bips";
    private static final String LATEST_BANS_OLD =
            "SELECT jail, ip, max(timeofban), bantime, bancount FROM bans " + "GROUP BY jail, ip";

    private final Path file;
    private final Connection connection;

    private Fail2banDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * @throws IllegalArgumentException when the file is missing or is not a fail2ban database
     */
    public static Fail2banDatabase open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("fail2ban database " + file + " does not exist (fail2ban's dbfile, "
                    + "see fail2ban-client get dbfile)");
        }
        final SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        final Properties properties = config.toProperties();
        try {
            final Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
            final Fail2banDatabase database = new Fail2banDatabase(file, connection);
            if (!database.hasTable("bans")) {
                connection.close();
                throw new IllegalArgumentException(file + " is an SQLite database without fail2ban's bans table");
            }
            return database;
        } catch (SQLException e) {
            throw new IllegalArgumentException(file + " cannot be read as fail2ban's database: " + e.getMessage(), e);
        }
    }

    /** The latest ban of each (jail, IP) that fail2ban still enforces at {@code now}, by jail and IP. */
    public List<Fail2banBan> currentBans(Instant now) {
        final List<Fail2banBan> bans = new ArrayList<>();
        try (PreparedStatement query =
                        connection.prepareStatement(hasTable("bips") ? LATEST_BANS_V4 : LATEST_BANS_OLD);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                final String ip = rows.getString(2);
                if (ip == null || ip.isBlank()) {
                    continue; // fail2ban skips such rows at restore too
                }
                final Fail2banBan ban = new Fail2banBan(
                        rows.getString(1),
                        ip.strip(),
                        Instant.ofEpochSecond(rows.getLong(3)),
                        rows.getLong(4),
                        rows.getInt(5));
                if (ban.inEffect(now)) {
                    bans.add(ban);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the bans of " + file + ": " + e.getMessage(), e);
        }
        bans.sort((a, b) ->
                a.jail().equals(b.jail()) ? a.ip().compareTo(b.ip()) : a.jail().compareTo(b.jail()));
        return bans;
    }

    private boolean hasTable(String name) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
