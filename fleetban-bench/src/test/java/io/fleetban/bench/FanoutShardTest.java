package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shard of the fan-out bench's fleet: its answers, and what it reports of its hosts' arrivals. */
class FanoutShardTest {

    @TempDir
    Path workDir;

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Test
    void reportsEachTrackedAddressWithTheHostsThatAppliedItSinceTheLastReport() {
        final FanoutShard shard = shard();
        shard.answer("track 198.18.0.1 198.18.0.2");
        assertThat(lines()).containsExactly("ok");

        shard.tally().applied("198.18.0.1", 1_000);
        shard.tally().applied("198.18.0.1", 1_200);
        shard.tally().applied("198.18.0.9", 1_300);
        shard.report();
        assertThat(lines()).containsExactly("arrivals 198.18.0.1 2 1200");

        shard.report();
        assertThat(lines()).as("nothing new").isEmpty();

        shard.tally().applied("198.18.0.1", 1_100);
        shard.tally().applied("198.18.0.2", 1_400);
        shard.report();
        assertThat(lines()).containsExactlyInAnyOrder("arrivals 198.18.0.1 1 1200", "arrivals 198.18.0.2 1 1400");
    }

    @Test
    void clearStopsTrackingAndReportsAnAddressTrackedAgainFromNone() {
        final FanoutShard shard = shard();
        shard.answer("track 198.18.0.1");
        shard.tally().applied("198.18.0.1", 1_000);
        shard.report();
        shard.answer("clear");
        shard.tally().applied("198.18.0.1", 1_100);
        shard.report();
        assertThat(lines()).containsExactly("ok", "arrivals 198.18.0.1 1 1000", "ok");

        shard.answer("track 198.18.0.1");
        shard.tally().applied("198.18.0.1", 1_200);
        shard.report();
        assertThat(lines()).containsExactly("ok", "arrivals 198.18.0.1 1 1200");
    }

    @Test
    void answersAnErrorOnOneLineForACommandItCannotRun() {
        final FanoutShard shard = shard();
        shard.answer("holding 3");
        shard.answer("stop");
        shard.answer("unknown");
        assertThat(lines()).containsExactly("error no hosts started", "ok", "error unknown command: unknown");
    }

    private FanoutShard shard() {
        return new FanoutShard(workDir, List.of(), new PrintStream(written, true, StandardCharsets.UTF_8));
    }

    /** The lines written since the last call. */
    private List<String> lines() {
        final String text = written.toString(StandardCharsets.UTF_8);
        written.reset();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
