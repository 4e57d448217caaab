package io.fleetban.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Debian tree booted with systemd as PID 1 by {@code systemd-nspawn}, with no network but loopback, its root an
 * overlay over the (unchanged, shared) tree so every run starts from the same clean system. Commands run inside
 * through {@code nsenter} into the container's init; {@link #close()} shuts it down.
 */
final class BootedDebian implements AutoCloseable {

    private final Process nspawn;
    private final long init;

    private BootedDebian(Process nspawn, long init) {
        this.nspawn = nspawn;
        this.init = init;
    }

    /** Boots {@code tree}, {@code shared} visible read-only at {@code /mnt/fleetban}, console output in {@code log}. */
    static BootedDebian boot(Path tree, Path shared, Path log) throws IOException {
        final Process nspawn = new ProcessBuilder(
                        "systemd-nspawn",
                        "--boot",
                        "--register=no",
                        "--keep-unit",
                        "--private-network",
                        "--volatile=overlay",
                        "-D",
                        tree.toString(),
                        "--bind-ro=" + shared + ":/mnt/fleetban")
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            // nspawn is a subreaper: the container's init (systemd) is its child.
            final long init = await("the container's init")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> initOf(nspawn), Optional::isPresent)
                    .orElseThrow();
            final BootedDebian container = new BootedDebian(nspawn, init);
            // "degraded": some unit of the base system failed in a container; the test checks fleetban's own units.
            await("the container's boot")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Set.of("running", "degraded")
                            .contains(container
                                    .run("systemctl", "is-system-running")
                                    .output()
                                    .strip()));
            return container;
        } catch (RuntimeException | Error e) {
            nspawn.destroyForcibly();
            throw e;
        }
    }

    private static Optional<Long> initOf(Process nspawn) {
        if (!nspawn.isAlive()) {
            throw new IllegalStateException("systemd-nspawn exited with " + nspawn.exitValue());
        }
        return nspawn.children().map(ProcessHandle::pid).findFirst();
    }

    /** Runs a command inside (as root, in all the container's namespaces). */
    Shell.Result run(String... command) {
        final List<String> all = new ArrayList<>(List.of("nsenter", "-t", Long.toString(init), "-a"));
        all.addAll(List.of(command));
        return Shell.run(all);
    }

    /** Runs a shell script inside. */
    Shell.Result sh(String script) {
        return run("sh", "-c", script);
    }

    /** Runs inside and fails the test with the command's output when it does not succeed. */
    String check(String... command) {
        final Shell.Result result = run(command);
        if (!result.ok()) {
            throw new AssertionError(String.join(" ", command) + " failed in the container (" + result.exitCode()
                    + "):\n" + result.output());
        }
        return result.output();
    }

    /** Shuts the container down (nspawn turns SIGTERM into an orderly halt), killing it when that takes too long. */
    @Override
    public void close() throws InterruptedException {
        nspawn.destroy();
        if (!nspawn.waitFor(60, TimeUnit.SECONDS)) {
            nspawn.descendants().forEach(ProcessHandle::destroyForcibly);
            nspawn.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
