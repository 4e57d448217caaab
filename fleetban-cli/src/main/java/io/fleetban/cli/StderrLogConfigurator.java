package io.fleetban.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * fleetban's logging, set up in code (logback finds it through {@code META-INF/services}): one line per event on
 * stderr, greppable and journald-friendly (time, level, logger, message with key=value pairs); fleetban's own
 * loggers at {@code FLEETBAN_LOG_LEVEL} (default INFO), everything else at WARN. In code rather than a logback.xml
 * because reading XML loads logback's configuration framework and the JDK's XML parser, several hundred classes
 * that every agent would carry in its metaspace all day. A {@code -Dlogback.configurationFile} (or a
 * logback-test.xml on a test class path) still wins: logback then reads that file instead.
 */
public final class StderrLogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{24} - %msg%n";
    static final String LEVEL_VARIABLE = "FLEETBAN_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || StderrLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureStderr(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configureStderr(LoggerContext context) {
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        final ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("io.fleetban").setLevel(fleetbanLevel());
    }

    /** As logback's {@code ${FLEETBAN_LOG_LEVEL:-INFO}} read it: a system property first, then the environment. */
    static Level fleetbanLevel() {
        final String level = System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE));
        return Level.toLevel(level, Level.INFO);
    }
}
