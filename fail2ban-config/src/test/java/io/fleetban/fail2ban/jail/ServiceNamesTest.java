package io.fleetban.fail2ban.jail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ConfigDir;
import io.fleetban.fail2ban.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceNamesTest {
    @TempDir
    Path tmp;

    @Test
    void builtInCoversTheServicesOfStockJails() {
        assertThat(ServiceNames.builtIn())
                .containsEntry("ssh", 22)
                .containsEntry("http", 80)
                .containsEntry("https", 443)
                .containsEntry("smtp", 25)
                .containsEntry("submission", 587)
                .containsEntry("imaps", 993)
                .containsEntry("pop3s", 995)
                .containsEntry("ftp-data", 20)
                .containsEntry("ftps", 990)
                .containsEntry("domain", 53)
                .containsEntry("ldaps", 636)
                .containsEntry("sieve", 4190)
                .containsEntry("ssmtp", 465)
                .containsEntry("imap2", 143)
                .containsEntry("socks", 1080);
    }

    @Test
    void servicesFileOverlaysTheBuiltInTableWithAliases() {
        final Path file = new ConfigDir(tmp).write("services", """
                # comment
                ssh             2222/tcp                # moved
                myapp           8000/tcp   myapp-alias

                """);
        assertThat(ServiceNames.withServicesFile(file))
                .containsEntry("ssh", 2222)
                .containsEntry("myapp", 8000)
                .containsEntry("myapp-alias", 8000)
                .containsEntry("http", 80);
    }

    @Test
    void malformedLinesArePassedOverAsGlibcDoes() {
        final Path file = new ConfigDir(tmp).write("services", "ok 1/tcp\nbroken\nhuge 99999/tcp\nalso 2/udp\n");
        assertThat(ServiceNames.withServicesFile(file))
                .containsEntry("ok", 1)
                .containsEntry("also", 2)
                .doesNotContainKeys("broken", "huge");
    }

    @Test
    void unreadableFileIsAnError() {
        assertThatThrownBy(() -> ServiceNames.withServicesFile(tmp.resolve("missing")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read");
    }
}
