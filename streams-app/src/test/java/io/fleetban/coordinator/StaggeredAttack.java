package io.fleetban.coordinator;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The failure tests' attack, sent in rounds by one shipper: attacker i starts at round i and offends once a round,
 * so each crosses maxretry at its own round. A failure between the two halves therefore finds some attackers banned
 * and others part-way to maxretry.
 */
final class StaggeredAttack implements AutoCloseable {

    private final Topics topics;
    private final int attackers;
    private final int maxRetry;
    private final KafkaProducer<String, Offense> shipper;

    StaggeredAttack(KafkaSettings kafka, Topics topics, int attackers, int maxRetry) {
        this.topics = topics;
        this.attackers = attackers;
        this.maxRetry = maxRetry;
        shipper = new KafkaProducer<>(
                kafka.producerConfig("it-shipper"),
                new StringSerializer(),
                topics.offenses().valueSerde().serializer());
    }

    /** The rounds before the failure. */
    void firstHalf() throws Exception {
        sendRounds(0, rounds() / 2);
    }

    /** The rounds after the failure, up to the round in which the last attacker crosses maxretry. */
    void secondHalf() throws Exception {
        sendRounds(rounds() / 2, rounds());
    }

    /** Every attacker's address: each is banned once the attack is over. */
    List<String> attackers() {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < attackers; i++) {
            ips.add(ip(i));
        }
        return ips;
    }

    private int rounds() {
        return attackers + maxRetry - 1;
    }

    private void sendRounds(int from, int to) throws Exception {
        for (int round = from; round < to; round++) {
            sendRound(round);
        }
    }

    /** One offense from every attacker active in this round, from a host that changes with the round. */
    private void sendRound(int round) throws Exception {
        String host = "web-" + (round % 7);
        for (int attacker = Math.max(0, round - maxRetry + 1); attacker <= Math.min(round, attackers - 1); attacker++) {
            String ip = ip(attacker);
            Instant now = Instant.now();
            Offense offense = Offense.newBuilder()
                    .setOffenseId(host + ":fail:" + ip + ":" + round)
                    .setJail("fail")
                    .setIp(ip)
                    .setHostId(host)
                    .setEventTime(now)
                    .setIngestTime(now)
                    .setSource("/tmp/fail.log")
                    .setLine(now + " - IP: " + ip + " - User-Agent: it")
                    .build();
            shipper.send(new ProducerRecord<>(topics.offenses().name(), ip, offense))
                    .get();
        }
    }

    private static String ip(int attacker) {
        return "198.51.100." + (10 + attacker);
    }

    @Override
    public void close() {
        shipper.close();
    }
}
