package io.fleetban.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short commands (argument vectors, no shell) and returns their output; for test set-up only. */
final class Shell {

    /** A finished command: exit code and combined output. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Shell() {}

    static Result run(List<String> command) {
        try {
            final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // bin/fleetban runs what Maven packaged for this test run; it must not rebuild in the middle of it.
            builder.environment().put("FLEETBAN_SKIP_BUILD", "1");
            final Process process = builder.start();
            final byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + command);
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    static Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs and fails the set-up with the command's output when it does not succeed. */
    static String check(String... command) {
        final Result result = run(command);
        if (!result.ok()) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.output());
        }
        return result.output();
    }

    static List<String> concat(List<String> head, String... tail) {
        final List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean available(String tool) {
        return run("sh", "-c", "command -v " + tool).ok();
    }
}
