package io.fleetban.coordinator;

import io.fleetban.wire.SchemaRegistryException;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record whose processing throws: as Kafka Streams' {@link LogAndContinueProcessingExceptionHandler}
 * (logged, sent to the dead-letter topic, skipped: a poison record must not stop every ban of its partition in a
 * crash loop), except when the Schema Registry could not answer ({@link SchemaRegistryException#isTransientCause}).
 *
 * <p>That case is a decision (ban, unban, active ban, escalation command) whose serializer needed a registration
 * the client had not cached, during an outage. Kafka Streams hands a sink's serialization failure to this handler
 * (as the processor's exception), so skipping it would lose the decision while the state says it was made. Failing
 * instead stops the stream thread before the commit; its replacement processes the record again from the last
 * commit (exactly-once: nothing doubled), after a {@link RegistryOutagePause}. The coordinator resolves every schema
 * it writes before it starts ({@link SchemaWarmUp}), so this is a safety net, not the usual path.
 */
public final class ProcessingFailureHandler extends LogAndContinueProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessingFailureHandler.class);

    private final RegistryOutagePause.Sleeper sleeper;
    private RegistryOutagePause outagePause;

    /** As Kafka Streams creates it (from {@code processing.exception.handler}). */
    public ProcessingFailureHandler() {
        this(RegistryOutagePause.Sleeper.THREAD_SLEEP);
    }

    /** With a sleeper of the test's choice. */
    ProcessingFailureHandler(RegistryOutagePause.Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        outagePause = RegistryOutagePause.of(configs, sleeper);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (SchemaRegistryException.isTransientCause(exception)) {
            LOG.warn(
                    "schema registry unavailable while processing topic={} partition={} offset={}: not skipped,"
                            + " the stream thread stops in {} and its replacement processes it again: {}",
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    outagePause.length(),
                    exception.getMessage());
            outagePause.await();
            return Response.fail();
        }
        return super.handleError(context, record, exception);
    }
}
