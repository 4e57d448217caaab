package io.fleetban.shipper.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCursorStoreTest {

    @TempDir
    Path dir;

    @Test
    void firstStartHasNoCursors() {
        assertThat(new JournalCursorStore(dir).load()).isEmpty();
    }

    @Test
    void savedCursorsAreLoadedBack() {
        JournalCursorStore store = new JournalCursorStore(dir.resolve("state"));
        store.save(Map.of("sshd", "s=56649a;i=2;b=0123;m=1;t=6611b;x=4240", "postfix", "s=1;i=9"));

        assertThat(new JournalCursorStore(dir.resolve("state")).load())
                .containsOnly(
                        Map.entry("sshd", "s=56649a;i=2;b=0123;m=1;t=6611b;x=4240"), Map.entry("postfix", "s=1;i=9"));
    }

    @Test
    void malformedFileNamesItsLine() throws IOException {
        Files.writeString(dir.resolve(JournalCursorStore.FILE_NAME), "# header\nsshd only\n");

        assertThatThrownBy(() -> new JournalCursorStore(dir).load())
                .hasMessageContaining(JournalCursorStore.FILE_NAME + ":2: malformed journal cursor");
    }
}
