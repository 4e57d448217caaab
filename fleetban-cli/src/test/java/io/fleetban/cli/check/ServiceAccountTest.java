package io.fleetban.cli.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service account as systemd builds it, and what the mode bits let it read. */
class ServiceAccountTest {

    @TempDir
    Path dir;

    @Test
    void shouldCollectPrimaryListedAndUnitGroups() throws Exception {
        final Path passwd = Files.writeString(
                dir.resolve("passwd"), "root:x:0:0::/root:/bin/sh\nfleetban:x:990:990::/:/bin/false\n");
        final Path group =
                Files.writeString(dir.resolve("group"), "fleetban:x:990:\nadm:x:4:\nsystemd-journal:x:101:fleetban\n");

        final ServiceAccount account = ServiceAccount.lookup("fleetban", List.of("adm"), passwd, group);

        assertThat(account.uid()).isEqualTo(990);
        assertThat(account.gids()).containsExactlyInAnyOrder(990, 101, 4);
        assertThat(account.describe()).isEqualTo("fleetban (groups fleetban, systemd-journal, adm)");
        assertThatThrownBy(() -> ServiceAccount.lookup("nobody-here", List.of(), passwd, group))
                .hasMessage("user nobody-here does not exist");
        assertThatThrownBy(() -> ServiceAccount.lookup("fleetban", List.of("wheel"), passwd, group))
                .hasMessage("group wheel does not exist");
    }

    @Test
    void shouldReadByOtherBitsWhenNeitherOwnerNorGroupMember() throws Exception {
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path closed = Files.writeString(logs.resolve("closed.log"), "x\n");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rw-------"));
        final Path open = Files.writeString(logs.resolve("open.log"), "x\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        final ServiceAccount stranger =
                new ServiceAccount("stranger", 65000, java.util.Set.of(65000), List.of("stranger"));

        assertThat(stranger.cannotRead(open)).isEmpty();
        assertThat(stranger.cannotRead(closed))
                .get()
                .asString()
                .startsWith(closed.toRealPath() + " (mode 0600 ")
                .endsWith("is not readable by stranger (groups stranger)");

        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwx--x--x"));
        assertThat(stranger.cannotRead(open))
                .get()
                .asString()
                .startsWith("directory " + logs.toRealPath() + " (mode 0711 ")
                .contains("is not readable and searchable");
    }
}
