package io.fleetban.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void acceptsAnExistingDirectoryOrAPathNotYetCreated() {
        assertThat(StateDirectory.parse(dir.toString())).isEqualTo(dir);
        assertThat(StateDirectory.parse(dir.resolve("later").toString())).isEqualTo(dir.resolve("later"));
    }

    @Test
    void refusesAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> StateDirectory.parse(file.toString()))
                .withMessage("not a directory: " + file);
    }
}
