package io.fleetban.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one JVM's memory goes, as the kernel and the JVM itself report it: RSS and peak RSS ({@code /proc/<pid>/status}
 * VmRSS, VmHWM), PSS ({@code /proc/<pid>/smaps_rollup}: pages shared with other processes, such as a class-data
 * sharing archive or the JDK's libraries, count divided by the number of sharers), threads, and through {@code jcmd}
 * the Java heap (used and committed, all generations), metaspace (committed) and code cache (used). A figure jcmd
 * cannot give (no JDK, attach refused) is -1 and printed as "-".
 */
record JvmFootprint(
        long rssKb,
        long peakRssKb,
        long pssKb,
        int threads,
        long heapUsedKb,
        long heapCommittedKb,
        long metaspaceCommittedKb,
        long codeCacheUsedKb) {

    private static final Pattern GENERATION = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K, committed (\\d+)K");
    private static final Pattern CODE_USED = Pattern.compile("used=(\\d+)Kb");

    static JvmFootprint of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        String status = read(proc.resolve("status"));
        String heap = jcmd(pid, "GC.heap_info");
        long[] generations = sumGenerations(heap);
        Matcher metaspace = METASPACE.matcher(heap);
        long codeCache = sum(CODE_USED.matcher(jcmd(pid, "Compiler.codecache")), 1);
        return new JvmFootprint(
                kb(status, "VmRSS"),
                kb(status, "VmHWM"),
                kb(read(proc.resolve("smaps_rollup")), "Pss"),
                (int) kb(status, "Threads"),
                generations[0],
                generations[1],
                metaspace.find() ? Long.parseLong(metaspace.group(2)) : -1,
                codeCache);
    }

    double rssMib() {
        return rssKb / 1024.0;
    }

    double pssMib() {
        return pssKb / 1024.0;
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "RSS %.1f MiB (peak %.1f), PSS %.1f MiB, heap %s used / %s committed,"
                        + " metaspace %s committed, code cache %s used, %d threads",
                rssMib(),
                peakRssKb / 1024.0,
                pssMib(),
                mib(heapUsedKb),
                mib(heapCommittedKb),
                mib(metaspaceCommittedKb),
                mib(codeCacheUsedKb),
                threads);
    }

    private static String mib(long kb) {
        return kb < 0 ? "-" : String.format(Locale.ROOT, "%.1f MiB", kb / 1024.0);
    }

    /** Serial and Parallel GC print one line per generation, G1 one for the whole heap: used and committed, summed. */
    private static long[] sumGenerations(String heapInfo) {
        Matcher m = GENERATION.matcher(heapInfo);
        long committed = 0;
        long used = 0;
        boolean any = false;
        while (m.find()) {
            committed += Long.parseLong(m.group(1));
            used += Long.parseLong(m.group(2));
            any = true;
        }
        return any ? new long[] {used, committed} : new long[] {-1, -1};
    }

    private static long sum(Matcher m, int group) {
        long total = 0;
        boolean any = false;
        while (m.find()) {
            total += Long.parseLong(m.group(group));
            any = true;
        }
        return any ? total : -1;
    }

    private static long kb(String text, String field) {
        for (String line : text.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(
                        line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException(field + " missing from /proc");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String jcmd(long pid, String command) {
        try {
            Process jcmd = new ProcessBuilder(List.of("jcmd", Long.toString(pid), command))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return ""; // jcmd is part of a JDK, not of a JRE: the JVM's own figures are then missing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
