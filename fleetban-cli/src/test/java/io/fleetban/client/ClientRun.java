package io.fleetban.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.cli.Fleetban;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code fleetban client} run in-process against one broker and one coordinator, as the client ITs use it. */
final class ClientRun {

    private ClientRun() {}

    /**
     * Runs {@code fleetban client --bootstrap-server B --coordinator URL args...}, asserts it exited 0 and returns what
     * it printed. Synchronized: it swaps {@code System.out}.
     */
    static synchronized String client(String bootstrap, String queryUrl, String... args) {
        final String[] line = new String[args.length + 5];
        line[0] = "client";
        line[1] = "--bootstrap-server";
        line[2] = bootstrap;
        line[3] = "--coordinator";
        line[4] = queryUrl;
        System.arraycopy(args, 0, line, 5, args.length);
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(Fleetban.run(line))
                    .as("exit code of fleetban %s", String.join(" ", args))
                    .isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
