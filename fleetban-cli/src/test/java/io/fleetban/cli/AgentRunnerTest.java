package io.fleetban.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AgentRunnerTest {

    @Test
    @Timeout(30)
    void shouldEndWithExitCodeOneWhenTheAgentsWorkDiesSoThatSystemdRestartsIt() {
        final CompletableFuture<Throwable> died = new CompletableFuture<>();
        final AtomicInteger closed = new AtomicInteger();
        new Thread(() -> died.complete(new IllegalStateException("decision loop died"))).start();

        assertThat(AgentRunner.runUntilSignalled("test-agent", closed::incrementAndGet, died))
                .isEqualTo(Fleetban.EXIT_FAILURE);
        // Closing is left to the shutdown hook that main's System.exit runs.
        assertThat(closed).hasValue(0);
    }
}
