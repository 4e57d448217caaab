package io.fleetban.client;

import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.fail2ban.value.IpRange;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;

/**
 * Sends operator commands to the coordinator through the commands topic, as fail2ban-client sends them to its
 * server. A command for one IP is keyed by that IP, so it lands in the partition (and coordinator task) that holds
 * the IP's counters; an unban of a whole jail goes to every partition, since every task holds part of the jail.
 */
public final class CommandPublisher implements AutoCloseable {

    private final Topic<String, Command> topic;
    private final KafkaProducer<String, Command> producer;
    private final String actor;
    private final Clock clock;

    public CommandPublisher(KafkaSettings settings, String actor, Clock clock) {
        this.topic = Topics.create(settings).commands();
        this.producer = new KafkaProducer<>(
                settings.producerConfig("fleetban-client"),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer());
        this.actor = actor;
        this.clock = clock;
    }

    /** {@code banip}: bans each address now, for the jail's bantime or {@code bantimeSeconds} when given (-1 = permanent). */
    public void ban(String jail, List<String> ips, Optional<Long> bantimeSeconds, Optional<String> reason) {
        sendAll(ips.stream()
                .map(ip -> command(CommandAction.BAN, jail, canonical(ip), bantimeSeconds, reason))
                .toList());
    }

    /** {@code unbanip}: lifts each address's ban on every host and resets its counters in the jail. */
    public void unban(String jail, List<String> ips, Optional<String> reason) {
        sendAll(ips.stream()
                .map(ip -> command(CommandAction.UNBAN, jail, canonical(ip), Optional.empty(), reason))
                .toList());
    }

    /** {@code unbanip --all}: lifts every ban of the jail. */
    public void unbanAll(String jail, Optional<String> reason) {
        toEveryPartition(command(CommandAction.UNBAN_ALL, jail, null, Optional.empty(), reason));
    }

    /** Restarts the jail's automatic banning after its safety valve ({@code fleet.maxbans.rate}) stopped it. */
    public void resume(String jail, Optional<String> reason) {
        toEveryPartition(command(CommandAction.RESUME, jail, null, Optional.empty(), reason));
    }

    /** A jail-wide command reaches every coordinator task: each holds its share of the bans and its own valve. */
    private void toEveryPartition(Command command) {
        final String jail = command.getJail();
        final List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (PartitionInfo partition : producer.partitionsFor(topic.name())) {
            sent.add(producer.send(new ProducerRecord<>(topic.name(), partition.partition(), jail, command)));
        }
        await(sent);
    }

    private void sendAll(List<Command> commands) {
        final List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Command command : commands) {
            sent.add(producer.send(new ProducerRecord<>(topic.name(), command.getIp(), command)));
        }
        await(sent);
    }

    private Command command(
            CommandAction action, String jail, String ip, Optional<Long> bantimeSeconds, Optional<String> reason) {
        return Command.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setAction(action)
                .setJail(jail)
                .setIp(ip)
                .setActor(actor)
                .setReason(reason.orElse(null))
                .setIssuedAt(clock.instant())
                .setBantimeSeconds(bantimeSeconds.orElse(null))
                .build();
    }

    /** Addresses and networks are validated here, before they enter the fleet's topics. */
    private static String canonical(String ip) {
        return IpRange.parse(ip).banTarget();
    }

    private static void await(List<Future<RecordMetadata>> sent) {
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the commands topic did not accept the command: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending commands", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
