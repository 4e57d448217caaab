package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeptLinesTest {

    @Test
    void keepsEveryLineInOrderWhenAllAreAskedForPastWhatItHoldsInMemory() {
        final List<String> added = IntStream.range(0, 5_000)
                .mapToObj(i -> "line " + i + (i % 7 == 0 ? " naïve 日本\r" : ""))
                .toList();
        try (KeptLines kept = new KeptLines(true)) {
            added.forEach(line -> {
                assertThat(kept.wants()).isTrue();
                kept.add(line);
            });
            assertThat(kept.size()).isEqualTo(5_000);
            assertThat(readBack(kept)).isEqualTo(added);
            kept.add("one more");
            assertThat(readBack(kept)).hasSize(5_001).endsWith("one more");
        }
    }

    @Test
    void keepsOnlyTheFirstLinesOtherwise() {
        try (KeptLines kept = new KeptLines(false)) {
            for (int i = 0; i < KeptLines.IN_MEMORY + 5; i++) {
                if (kept.wants()) {
                    kept.add("line " + i);
                }
            }
            assertThat(kept.wants()).isFalse();
            assertThat(kept.size()).isEqualTo(KeptLines.IN_MEMORY);
            assertThat(readBack(kept)).startsWith("line 0").endsWith("line " + (KeptLines.IN_MEMORY - 1));
        }
    }

    private static List<String> readBack(KeptLines kept) {
        final List<String> lines = new ArrayList<>();
        kept.forEach(lines::add);
        return lines;
    }
}
