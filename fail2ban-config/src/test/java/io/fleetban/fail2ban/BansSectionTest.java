package io.fleetban.fail2ban;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.value.BanLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BansSectionTest {

    @TempDir
    Path dir;

    @Test
    void shouldDefaultToSlash24AndSlash64() throws IOException {
        final Path conf = Files.writeString(dir.resolve("fleetban.conf"), "[kafka]\nbootstrap.servers = k:9092\n");

        assertThat(BansSection.limits(IniFile.read(conf))).isEqualTo(BanLimits.DEFAULT);
    }

    @Test
    void shouldReadBothLimits() throws IOException {
        final Path conf =
                Files.writeString(dir.resolve("fleetban.conf"), "[bans]\nmax.prefix.v4 = 16\nmax.prefix.v6 = 48\n");

        assertThat(BansSection.limits(IniFile.read(conf))).isEqualTo(new BanLimits(16, 48));
    }

    @Test
    void shouldNameTheKeyOfAValueOutOfRange() throws IOException {
        final Path conf = Files.writeString(dir.resolve("fleetban.conf"), "[bans]\nmax.prefix.v4 = 0\n");

        assertThatThrownBy(() -> BansSection.limits(IniFile.read(conf)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(conf + ":2: [bans] max.prefix.v4: 0 is out of range 1..32");
    }

    @Test
    void shouldRefuseAnUnknownKey() throws IOException {
        final Path conf = Files.writeString(dir.resolve("fleetban.conf"), "[bans]\nmax.prefix = 16\n");

        assertThatThrownBy(() -> BansSection.limits(IniFile.read(conf)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[bans] max.prefix: unknown key");
    }
}
