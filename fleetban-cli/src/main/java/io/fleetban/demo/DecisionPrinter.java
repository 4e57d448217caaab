package io.fleetban.demo;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.avro.Unban;
import io.fleetban.kafka.AssignedPartitions;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.topics.RecordFormat;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints one readable line per offense, ban and unban as they pass through Kafka, so a demo user sees the whole
 * flow, and tells listeners about each event (the self-test waits on them). Reads with its own cursor
 * (assign, no group), committed records only, from the moment it starts.
 */
final class DecisionPrinter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionPrinter.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    /** What was seen, and when (wall clock of this process). */
    record Event(String kind, String jail, String ip, Instant seenAt) {}

    private final Topics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final PrintStream out;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;

    DecisionPrinter(KafkaSettings settings, PrintStream out) {
        this.topics = Topics.create(settings);
        this.out = out;
        this.consumer = new KafkaConsumer<>(
                settings.consumerConfig("fleetban-demo-printer", Optional.empty()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        AssignedPartitions.assignAtEnd(
                consumer,
                List.of(
                        topics.offenses().name(),
                        topics.bans().name(),
                        topics.unbans().name()));
        this.thread = new Thread(this::run, "demo-printer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void onEvent(Consumer<Event> listener) {
        listeners.add(listener);
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    print(record);
                }
            }
        } catch (WakeupException e) {
            // close() was called
        } finally {
            consumer.close();
        }
    }

    private void print(ConsumerRecord<byte[], byte[]> record) {
        final Instant now = Instant.now();
        try {
            final Event event;
            final SpecificRecord value;
            if (record.topic().equals(topics.offenses().name())) {
                final Offense o = decode(topics.offenses(), record);
                value = o;
                event = new Event("offense", o.getJail(), o.getIp(), now);
            } else if (record.topic().equals(topics.bans().name())) {
                final BanDecision b = decode(topics.bans(), record);
                value = b;
                event = new Event("ban", b.getJail(), b.getIp(), now);
            } else {
                final Unban u = decode(topics.unbans(), record);
                value = u;
                event = new Event("unban", u.getJail(), u.getIp(), now);
            }
            out.println(TIME.format(now) + " " + RecordFormat.TEXT.line(event.ip(), value));
            notify(event);
        } catch (RuntimeException e) {
            LOG.warn("cannot decode {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private static <V> V decode(Topic<String, V> topic, ConsumerRecord<byte[], byte[]> record) {
        return topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    private void notify(Event event) {
        listeners.forEach(l -> l.accept(event));
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
