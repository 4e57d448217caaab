package io.fleetban.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One fleetban process (bin/fleetban) running in a namespace, its output kept in a file for post-mortems. */
final class FleetProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path output;

    private FleetProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    static FleetProcess start(String name, List<String> command, Path logDir) {
        final Path output = logDir.resolve(name + ".out");
        try {
            final ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            // Many small JVMs on two cores: start fast, stay small.
            builder.environment().put("FLEETBAN_SKIP_BUILD", "1");
            builder.environment()
                    .put("FLEETBAN_JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx256m");
            return new FleetProcess(name, builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The last lines of the output, for failure messages. */
    String tail(int lines) {
        final List<String> all = output().lines().toList();
        return name + ":\n  " + String.join("\n  ", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    void pause() {
        Shell.check("kill", "-STOP", String.valueOf(process.pid()));
    }

    void resume() {
        Shell.check("kill", "-CONT", String.valueOf(process.pid()));
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        Shell.run("kill", "-CONT", String.valueOf(process.pid()));
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
