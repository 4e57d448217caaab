package io.fleetban.cli.check;

import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.fail2ban.jail.JailDefinition;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.tail.LogPathGlob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shipper's view of each enabled jail, one jail at a time so that one broken jail hides no other: its filter
 * reads and compiles (as the shipper compiles it at start), and its logs (or the journal) are readable by the account
 * the shipper runs as.
 */
final class JailChecks {

    /** Groups that may read the whole journal on Debian (journald's ACLs give adm and wheel read access too). */
    private static final List<String> JOURNAL_GROUPS = List.of("systemd-journal", "adm", "wheel");

    private final Path fail2banDir;
    private final ServiceAccount account;

    JailChecks(Path fail2banDir, ServiceAccount account) {
        this.fail2banDir = fail2banDir;
        this.account = account;
    }

    List<CheckResult> check(JailDefinition jail) {
        final List<CheckResult> results = new ArrayList<>();
        results.add(filter(jail));
        if (jail.usesJournal()) {
            results.add(journal(jail));
        } else if (jail.logPaths().isEmpty()) {
            results.add(CheckResult.fail(
                    "jail " + jail.name() + " logpath",
                    "an enabled jail needs a logpath; set "
                            + "logpath in its jail.d/*.local or disable it (enabled = false)"));
        } else {
            jail.logPaths().forEach(pattern -> results.addAll(logPath(jail.name(), pattern)));
        }
        return results;
    }

    private CheckResult filter(JailDefinition jail) {
        final String what = "jail " + jail.name() + " filter " + jail.filterName();
        final FilterDefinition filter;
        try {
            filter = FilterReader.read(fail2banDir.resolve("filter.d"), jail.filterName(), jail.filterOptions());
        } catch (ConfigException e) {
            return CheckResult.fail(what, e.getMessage());
        }
        try {
            JailFilter.compile(filter, FilterClock.system(ZoneId.systemDefault()));
        } catch (IllegalArgumentException e) {
            // The same words the shipper's start-up refusal uses, so that the sweep's copy of it is not repeated.
            return CheckResult.fail(
                    what,
                    new ConfigException(
                                    filter.file().toString(),
                                    null,
                                    "Definition",
                                    FilterReader.FAILREGEX,
                                    e.getMessage(),
                                    e)
                            .getMessage());
        }
        return CheckResult.ok(what, filter.file().toString());
    }

    private CheckResult journal(JailDefinition jail) {
        final String what = "jail " + jail.name() + " journal";
        if (account.inAnyGroup(JOURNAL_GROUPS)) {
            return CheckResult.ok(what, account.describe() + " reads the journal");
        }
        return CheckResult.fail(
                what,
                account.describe() + " cannot read the whole journal: add "
                        + "SupplementaryGroups=systemd-journal to the shipper's unit (systemctl edit fleetban-shipper)");
    }

    private List<CheckResult> logPath(String jail, String pattern) {
        final String what = "jail " + jail + " logpath " + pattern;
        final List<Path> files;
        try {
            files = LogPathGlob.of(pattern).expand().stream()
                    .filter(Files::exists)
                    .toList();
        } catch (IllegalArgumentException e) {
            return List.of(CheckResult.fail(what, e.getMessage() + "; fix logpath in the jail's file"));
        }
        try {
            if (files.isEmpty()) {
                return List.of(notYetThere(what, pattern));
            }
            final List<CheckResult> results = new ArrayList<>();
            for (Path file : files) {
                final Optional<String> problem = account.cannotRead(file);
                results.add(
                        problem.isEmpty()
                                ? CheckResult.ok("jail " + jail + " log " + file, "readable by " + account.describe())
                                : CheckResult.fail(
                                        "jail " + jail + " log " + file,
                                        problem.get()
                                                + "; give the file to a group the shipper is in (e.g. chgrp adm " + file
                                                + " && chmod g+r "
                                                + file
                                                + ", and the same in its logrotate 'create' line), or add that group to the unit's "
                                                + "SupplementaryGroups"));
            }
            return results;
        } catch (IOException e) {
            return List.of(CheckResult.fail(what, "cannot inspect it: " + e.getMessage()));
        }
    }

    /** No file matches yet: the shipper picks it up when it appears, if it may list the directory. */
    private CheckResult notYetThere(String what, String pattern) throws IOException {
        Path dir = Path.of(pattern).getParent();
        while (dir != null && !Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return CheckResult.fail(what, "no such directory; fix logpath");
        }
        final Optional<String> problem = account.cannotList(dir);
        return problem.isEmpty()
                ? CheckResult.ok(what, "no file yet; " + dir + " is readable by " + account.describe())
                : CheckResult.fail(
                        what,
                        "no file yet, and " + problem.get() + "; chgrp adm/chmod g+rx it, or add "
                                + "its group to the unit's SupplementaryGroups");
    }
}
