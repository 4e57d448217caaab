package io.fleetban.fail2ban;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ini.IniFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fail2banSectionTest {

    @TempDir
    Path dir;

    @Test
    void shouldResolveARelativeDirectoryNextToFleetbanConf() throws IOException {
        Files.createDirectories(dir.resolve("f2b"));
        final Path conf = Files.writeString(dir.resolve("fleetban.conf"), "[fail2ban]\nconfig.dir = f2b\n");

        assertThat(Fail2banSection.configDir(IniFile.read(conf))).isEqualTo(dir.resolve("f2b"));
    }

    @Test
    void shouldTakeAnAbsoluteDirectoryAsItIs() throws IOException {
        final Path conf = Files.writeString(dir.resolve("fleetban.conf"), "[fail2ban]\nconfig.dir = " + dir + "\n");

        assertThat(Fail2banSection.configDir(IniFile.read(conf))).isEqualTo(dir);
    }

    @Test
    void shouldNameFileLineSectionAndKeyWhenTheDirectoryIsMissing() throws IOException {
        final Path conf = Files.writeString(dir.resolve("fleetban.conf"), "[fail2ban]\nconfig.dir = /no/such/dir\n");

        assertThatThrownBy(() -> Fail2banSection.configDir(IniFile.read(conf)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(conf + ":2: [fail2ban] config.dir: not a directory: /no/such/dir");
    }
}
