package io.fleetban.fail2ban.ini;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands fail2ban's {@code [INCLUDES]} sections into the ordered list of files to read
 * ({@code SafeConfigParserWithIncludes._getIncludes}): for each file, first the files named in {@code before}
 * (recursively, each with its own includes), then the file itself, then those in {@code after}.
 * Relative names are resolved against the including file's directory; each file is followed by its
 * {@code .local} sibling when one exists (so {@code common.conf} brings {@code common.local});
 * a missing {@code .local} include is skipped (fail2ban's {@code after = paths-overrides.local} is optional by
 * design), but a missing {@code .conf} include is an error naming the {@code [INCLUDES]} line (fail2ban skips it
 * silently; a typo there would drop e.g. all log paths of paths-debian.conf without a word);
 * a file already on the current include chain is not included again, which stops include loops.
 */
final class IncludeResolver {
    static final String INCLUDES = "INCLUDES";

    private final Map<Path, IniFile> cache;

    /** @param cache parsed files, shared so that each file is parsed once per read */
    IncludeResolver(Map<Path, IniFile> cache) {
        this.cache = cache;
    }

    /** The files to read for {@code files}, in reading order, parsed. Missing files are left out. */
    List<IniFile> expand(List<Path> files) {
        final List<IniFile> out = new ArrayList<>();
        for (Path f : withLocals(files)) {
            out.addAll(expandOne(f, List.of()));
        }
        return out;
    }

    private List<IniFile> expandOne(Path file, List<Path> chain) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        final IniFile ini = cache.computeIfAbsent(file, IniFile::read);
        final List<Path> nextChain = new ArrayList<>(chain);
        nextChain.add(file);
        final List<IniFile> out = new ArrayList<>(includes(ini, "before", nextChain));
        out.add(ini);
        out.addAll(includes(ini, "after", nextChain));
        return out;
    }

    private List<IniFile> includes(IniFile ini, String option, List<Path> chain) {
        final List<IniFile> out = new ArrayList<>();
        final String names = ini.value(INCLUDES, option).map(IniValue::text).orElse("");
        final Path dir = ini.file().toAbsolutePath().getParent();
        for (String name : names.split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            final Path target = dir.resolve(name.strip()).normalize();
            if (chain.contains(target)) {
                continue;
            }
            if (!Files.isRegularFile(target) && !target.getFileName().toString().endsWith(".local")) {
                throw ini.error(INCLUDES, option, "included file not found: " + target);
            }
            for (Path f : withLocals(List.of(target))) {
                out.addAll(expandOne(f, chain));
            }
        }
        return out;
    }

    /** fail2ban's {@code _expandConfFilesWithLocal}: {@code x.conf} is followed by {@code x.local} when it exists. */
    private static List<Path> withLocals(List<Path> files) {
        final List<Path> given =
                files.stream().map(f -> f.toAbsolutePath().normalize()).toList();
        final List<Path> out = new ArrayList<>();
        for (Path abs : given) {
            out.add(abs);
            final String name = abs.getFileName().toString();
            final int dot = name.lastIndexOf('.');
            final Path local = abs.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".local");
            if (!given.contains(local) && !out.contains(local) && !local.equals(abs) && Files.isRegularFile(local)) {
                out.add(local);
            }
        }
        return out;
    }
}
