package io.fleetban.enforcer.backend.ipset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.CommandRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The long-lived ipset session against a stand-in for {@code ipset -exist -} (the kernel side is in the namespace IT). */
class IpsetSessionTest {

    /** Answers {@code version} like ipset 7 and complains about lines containing "bogus", prompts included. */
    private static final class FakeIpset extends Process {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final PipedOutputStream stdin = new PipedOutputStream();
        private final PipedInputStream stdout = new PipedInputStream(1 << 16);
        private final PipedInputStream stderr = new PipedInputStream(1 << 16);
        private final Thread loop;

        FakeIpset() throws IOException {
            final PipedInputStream commands = new PipedInputStream(stdin, 1 << 16);
            final PipedOutputStream out = new PipedOutputStream(stdout);
            final PipedOutputStream err = new PipedOutputStream(stderr);
            loop = new Thread(() -> serve(commands, out, err));
            loop.setDaemon(true);
            loop.start();
        }

        private void serve(InputStream commands, OutputStream out, OutputStream err) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                    // As ipset does: the error is written before the next command is read.
                    if (line.contains("bogus")) {
                        err.write("ipset v7.17: Syntax error: cannot parse bogus\n".getBytes(StandardCharsets.UTF_8));
                        err.flush();
                    }
                    out.write(("ipset> " + (line.equals("version") ? "ipset v7.17, protocol version: 7\n" : ""))
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public OutputStream getOutputStream() {
            return stdin;
        }

        @Override
        public InputStream getInputStream() {
            return stdout;
        }

        @Override
        public InputStream getErrorStream() {
            return stderr;
        }

        @Override
        public int waitFor() throws InterruptedException {
            loop.join();
            return 0;
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            loop.join(unit.toMillis(timeout));
            return !loop.isAlive();
        }

        @Override
        public int exitValue() {
            return 0;
        }

        @Override
        public boolean isAlive() {
            return loop.isAlive();
        }

        @Override
        public void destroy() {
            loop.interrupt();
        }
    }

    /** Starts fake ipsets, counting them; whole commands are not expected here. */
    private static final class FakeRunner implements CommandRunner {
        final List<FakeIpset> started = new ArrayList<>();
        final List<List<String>> argvs = new ArrayList<>();

        @Override
        public CommandResult run(List<String> argv, String stdin) {
            throw new AssertionError("no one-shot command expected: " + argv);
        }

        @Override
        public Optional<Process> startInteractive(List<String> argv) {
            try {
                argvs.add(argv);
                final FakeIpset process = new FakeIpset();
                started.add(process);
                return Optional.of(process);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final FakeRunner runner = new FakeRunner();
    private final IpsetSession session = new IpsetSession(runner);

    @Test
    void shouldApplyBatchesThroughOneProcessEachEndedByTheVersionBarrier() {
        assertThat(session.apply("add fleetban-fail-v4 198.51.100.7 timeout 60\n"))
                .isTrue();
        assertThat(session.apply("del fleetban-fail-v4 198.51.100.7\nadd fleetban-fail-v4 198.51.100.8 timeout 30\n"))
                .isTrue();

        assertThat(runner.argvs).containsExactly(List.of("stdbuf", "-oL", "ipset", "-exist", "-"));
        assertThat(runner.started.get(0).lines)
                .containsExactly(
                        "add fleetban-fail-v4 198.51.100.7 timeout 60",
                        "version",
                        "del fleetban-fail-v4 198.51.100.7",
                        "add fleetban-fail-v4 198.51.100.8 timeout 30",
                        "version");
        session.close();
    }

    @Test
    void shouldReportABatchWithAnErrorAsNotAppliedAndStartAFreshProcessForTheNext() {
        assertThat(session.apply("add fleetban-fail-v4 bogus timeout 60\n")).isFalse();
        assertThat(session.apply("add fleetban-fail-v4 198.51.100.8 timeout 60\n"))
                .isTrue();

        assertThat(runner.started).hasSize(2);
        assertThat(runner.started.get(1).lines)
                .containsExactly("add fleetban-fail-v4 198.51.100.8 timeout 60", "version");
        session.close();
    }

    @Test
    void shouldGiveUpSessionsAfterThreeFailuresInARow() {
        for (int i = 0; i < IpsetSession.MAX_FAILURES; i++) {
            assertThat(session.apply("add fleetban-fail-v4 bogus timeout 60\n")).isFalse();
        }

        assertThat(session.apply("add fleetban-fail-v4 198.51.100.8 timeout 60\n"))
                .isFalse();
        assertThat(runner.started).hasSize(IpsetSession.MAX_FAILURES);
    }

    @Test
    void shouldLeaveBatchesToOneShotRestoresWhenTheRunnerCannotKeepAProcess() {
        final IpsetSession unsupported = new IpsetSession((argv, stdin) -> new CommandResult(argv, 0, "", ""));

        assertThat(unsupported.apply("add fleetban-fail-v4 198.51.100.7 timeout 60\n"))
                .isFalse();
        assertThat(unsupported.apply("add fleetban-fail-v4 198.51.100.7 timeout 60\n"))
                .isFalse();
    }
}
