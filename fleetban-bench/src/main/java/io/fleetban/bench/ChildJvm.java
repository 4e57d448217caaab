package io.fleetban.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code fleetban} subcommand in its own JVM (same java, same class path), so the benchmark measures that
 * process alone: its peak RSS from {@code /proc/<pid>/status}, its heap through {@code jcmd}. Output goes to a log
 * file; the process is started with an argument vector, never through a shell.
 */
final class ChildJvm implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final long STOP_WAIT_SECONDS = 60;
    private static final int LOG_TAIL_LINES = 3;

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java <jvmOptions> -cp <our class path> io.fleetban.cli.Fleetban <fleetbanArgs>}. */
    static ChildJvm start(String name, List<String> jvmOptions, List<String> fleetbanArgs, Path log) {
        List<String> command = javaCommand(jvmOptions, "io.fleetban.cli.Fleetban");
        command.addAll(fleetbanArgs);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " JVM", e);
        }
    }

    /**
     * Starts {@code java <jvmOptions> -cp <our class path> <mainClass> <args>} with its standard input and output
     * piped to this JVM ({@link #stdin()}, {@link #stdout()}) and its standard error to the log.
     */
    static ChildJvm startPiped(String name, List<String> jvmOptions, Class<?> mainClass, List<String> args, Path log) {
        List<String> command = javaCommand(jvmOptions, mainClass.getName());
        command.addAll(args);
        try {
            Process process =
                    new ProcessBuilder(command).redirectError(log.toFile()).start();
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " JVM", e);
        }
    }

    private static List<String> javaCommand(List<String> jvmOptions, String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        // Avro 1.12 decodes only classes from trusted packages (bin/fleetban sets the same property).
        command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.fleetban.avro");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }

    /**
     * Starts {@code <launcher> <fleetbanArgs>} (bin/fleetban, which execs the JVM with the role's options and class
     * path), as the systemd units and the package run the agents; {@code FLEETBAN_SKIP_BUILD=1} keeps a source
     * checkout's launcher from rebuilding.
     */
    static ChildJvm launch(String name, Path launcher, List<String> fleetbanArgs, Path log) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(fleetbanArgs);
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("FLEETBAN_SKIP_BUILD", "1");
            return new ChildJvm(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + launcher + " for the " + name, e);
        }
    }

    /** bin/fleetban of this installation: lib/ (or fleetban-cli/target/lib in a checkout) is where our jar is. */
    static Path defaultLauncher() {
        final Path jar = Path.of(ChildJvm.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .toAbsolutePath();
        Path dir = jar.getParent();
        while (dir != null && !Files.isRegularFile(dir.resolve("bin/fleetban"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("bin/fleetban") : dir.resolve("bin/fleetban");
    }

    long pid() {
        return process.pid();
    }

    /** The child's standard input (a {@link #startPiped} child only). */
    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The child's standard output (a {@link #startPiped} child only). */
    InputStream stdout() {
        return process.getInputStream();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with {@link #exited()} when the child has already exited (it could not start, or crashed). */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(exited());
        }
    }

    /**
     * Why the child is gone: its exit code and the last lines of its log, which the bench's work directory may not
     * outlive (a JVM option the child's java refused, say, is written there and nowhere else).
     */
    String exited() {
        try {
            process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final String code = process.isAlive() ? "its output closed" : "exited with code " + process.exitValue();
        return name + " " + code + "; its log " + log + " ends: " + lastLines(LOG_TAIL_LINES);
    }

    private String lastLines(int count) {
        try {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .toList();
            return lines.isEmpty()
                    ? "(empty)"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Peak resident set size so far (the kernel's VmHWM), in bytes. */
    long peakRssBytes() {
        return procStatusKb("VmHWM") * 1024;
    }

    /** Resident set size now (VmRSS), in bytes. */
    long rssBytes() {
        return procStatusKb("VmRSS") * 1024;
    }

    /** CPU time the process has used so far (user + system, all threads), in nanoseconds ({@link ProcStat}). */
    long cpuNanos() {
        return ProcStat.of(pid()).ownNanos();
    }

    /** Java heap in use and committed, in bytes, as {@code jcmd <pid> GC.heap_info} reports it (G1 and others). */
    Optional<long[]> heapUsedAndCommitted() {
        try {
            Process jcmd = new ProcessBuilder(List.of("jcmd", Long.toString(pid()), "GC.heap_info"))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            Matcher matcher = HEAP_USED.matcher(output);
            return matcher.find()
                    ? Optional.of(
                            new long[] {Long.parseLong(matcher.group(2)) * 1024, Long.parseLong(matcher.group(1)) * 1024
                            })
                    : Optional.empty();
        } catch (IOException e) {
            // jcmd is part of a JDK, not of a JRE: without it the heap figure is missing, the rest still counts.
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private long procStatusKb(String field) {
        return procStatusKb(pid(), field);
    }

    /** Resident set size now (VmRSS) of any process, this one included, in bytes. */
    static long rssOf(long pid) {
        return procStatusKb(pid, "VmRSS") * 1024;
    }

    private static long procStatusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(
                            line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
            throw new IllegalStateException(field + " missing from /proc/" + pid + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/status", e);
        }
    }

    /** Waits up to {@code millis} for the process to exit by itself; whether it did. */
    boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** SIGKILL, as a crash or an OOM killer would stop it; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** SIGTERM (the child's shutdown hook closes it cleanly), then SIGKILL if it does not stop in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
