package io.fleetban.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

/** The agents' logging as operators read it: stderr, one line per event, fleetban at INFO and the rest at WARN. */
class StderrLogConfiguratorTest {

    @Test
    void shouldLogFleetbanAtInfoAndOthersAtWarnToStderr() {
        final LoggerContext context = new LoggerContext();
        StderrLogConfigurator.configureStderr(context);

        final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.fleetban.shipper.ShipperApp").getEffectiveLevel())
                .isEqualTo(StderrLogConfigurator.fleetbanLevel());
        assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        final ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(stderr.isStarted()).isTrue();
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern()).isEqualTo(StderrLogConfigurator.PATTERN);
    }

    @Test
    void shouldDefaultToInfoWhenTheLevelIsUnsetOrUnknown() {
        final String before = System.getProperty(StderrLogConfigurator.LEVEL_VARIABLE);
        try {
            System.setProperty(StderrLogConfigurator.LEVEL_VARIABLE, "DEBUG");
            assertThat(StderrLogConfigurator.fleetbanLevel()).isEqualTo(Level.DEBUG);
            System.setProperty(StderrLogConfigurator.LEVEL_VARIABLE, "loud");
            assertThat(StderrLogConfigurator.fleetbanLevel()).isEqualTo(Level.INFO);
        } finally {
            if (before == null) {
                System.clearProperty(StderrLogConfigurator.LEVEL_VARIABLE);
            } else {
                System.setProperty(StderrLogConfigurator.LEVEL_VARIABLE, before);
            }
        }
    }
}
