package io.fleetban.cli.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user and groups an agent's systemd unit runs as (the shipper: {@code User=fleetban} with the {@code adm}
 * group), and what that account may read by the classic mode bits. {@code fleetban check} runs as root, which reads
 * everything; the service does not, so readability is computed for the service's account instead of tried. ACLs are
 * not consulted: a file readable only through an ACL is reported unreadable, which errs on the side of a fix.
 *
 * @param user   the user name
 * @param uid    its uid
 * @param gids   its primary group, the groups /etc/group lists it in, and the unit's extra groups
 * @param groups the names of {@code gids}, for messages
 */
public record ServiceAccount(String user, int uid, Set<Integer> gids, List<String> groups) {

    private static final int READ = 4;
    private static final int EXECUTE = 1;

    public ServiceAccount {
        gids = Set.copyOf(gids);
        groups = List.copyOf(groups);
    }

    /**
     * The account of {@code user} as systemd sets it up: {@code initgroups} (primary group and /etc/group memberships)
     * plus {@code extraGroups} ({@code Group=}, {@code SupplementaryGroups=}).
     *
     * @throws IllegalArgumentException naming the user or group that does not exist
     */
    public static ServiceAccount lookup(String user, Collection<String> extraGroups, Path passwd, Path group)
            throws IOException {
        final String[] entry = Files.readAllLines(passwd).stream()
                .map(line -> line.split(":", -1))
                .filter(fields -> fields.length >= 4 && fields[0].equals(user))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("user " + user + " does not exist"));
        final int primary = Integer.parseInt(entry[3]);
        final Map<Integer, String> names = new LinkedHashMap<>();
        final Map<String, Integer> byName = new LinkedHashMap<>();
        for (String line : Files.readAllLines(group)) {
            final String[] fields = line.split(":", -1);
            if (fields.length < 4 || fields[0].startsWith("#")) {
                continue;
            }
            final int gid = Integer.parseInt(fields[2]);
            byName.put(fields[0], gid);
            if (gid == primary || List.of(fields[3].split(",")).contains(user)) {
                names.put(gid, fields[0]);
            }
        }
        names.putIfAbsent(primary, String.valueOf(primary));
        for (String extra : extraGroups) {
            final Integer gid = Optional.ofNullable(byName.get(extra))
                    .orElseThrow(() -> new IllegalArgumentException("group " + extra + " does not exist"));
            names.put(gid, extra);
        }
        return new ServiceAccount(user, Integer.parseInt(entry[2]), names.keySet(), new ArrayList<>(names.values()));
    }

    /** The system's account database. */
    public static ServiceAccount lookup(String user, Collection<String> extraGroups) throws IOException {
        return lookup(user, extraGroups, Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /** "fleetban (groups fleetban, adm)". */
    public String describe() {
        return user + " (groups " + String.join(", ", groups) + ")";
    }

    /** Whether the account is in one of {@code names}. */
    public boolean inAnyGroup(Collection<String> names) {
        return uid == 0 || groups.stream().anyMatch(names::contains);
    }

    /**
     * Why the account cannot read {@code file} (and list its directory, which following rotations needs), or empty
     * when it can: every directory above it must be searchable, the file's own directory listable, the file readable.
     */
    public Optional<String> cannotRead(Path file) throws IOException {
        final Path real = file.toRealPath();
        final List<Path> directories = new ArrayList<>();
        for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
            directories.add(0, dir);
        }
        for (Path dir : directories) {
            final boolean own = dir.equals(real.getParent());
            if (!allowed(dir, own ? READ | EXECUTE : EXECUTE)) {
                return Optional.of("directory " + dir + " (" + modeAndOwner(dir) + ") is not "
                        + (own ? "readable and searchable" : "searchable") + " by " + describe());
            }
        }
        if (!allowed(real, READ)) {
            return Optional.of(real + " (" + modeAndOwner(real) + ") is not readable by " + describe());
        }
        return Optional.empty();
    }

    /** Whether the account may list and search {@code dir} (where a log file not yet created will appear). */
    public Optional<String> cannotList(Path dir) throws IOException {
        final Path real = dir.toRealPath();
        for (Path up = real.getParent(); up != null; up = up.getParent()) {
            if (!allowed(up, EXECUTE)) {
                return Optional.of(
                        "directory " + up + " (" + modeAndOwner(up) + ") is not searchable by " + describe());
            }
        }
        return allowed(real, READ | EXECUTE)
                ? Optional.empty()
                : Optional.of("directory " + real + " (" + modeAndOwner(real) + ") is not readable and searchable by "
                        + describe());
    }

    /** The kernel's check without ACLs: owner bits for the owner, else group bits for a member, else other bits. */
    private boolean allowed(Path path, int wanted) throws IOException {
        if (uid == 0) {
            return true;
        }
        final Map<String, Object> unix = Files.readAttributes(path, "unix:uid,gid,mode");
        final int mode = (Integer) unix.get("mode");
        final int bits;
        if ((Integer) unix.get("uid") == uid) {
            bits = mode >> 6;
        } else if (gids.contains((Integer) unix.get("gid"))) {
            bits = mode >> 3;
        } else {
            bits = mode;
        }
        return (bits & wanted) == wanted;
    }

    private static String modeAndOwner(Path path) throws IOException {
        final Map<String, Object> unix = Files.readAttributes(path, "unix:mode,owner,group");
        return String.format(
                "mode %04o %s:%s",
                (Integer) unix.get("mode") & 07777,
                ((java.nio.file.attribute.UserPrincipal) unix.get("owner")).getName(),
                ((java.nio.file.attribute.GroupPrincipal) unix.get("group")).getName());
    }
}
