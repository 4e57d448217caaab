package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kafka/create-topics-and-acls.sh}, run with {@code --dry-run}: the topics it creates are exactly the
 * topic registry's (names, compaction), and each role gets only the ACLs its agent needs.
 */
class CreateTopicsAndAclsScriptTest {

    private static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();
    private static final String SCRIPT = "deploy/kafka/create-topics-and-acls.sh";

    @Test
    void shouldCreateTheTopicsOfTheTopicRegistryWithTheirPartitionCounts() {
        final List<String> lines = dryRun(
                "--prefix",
                "acme.",
                "--partitions",
                "12",
                "--decision-partitions",
                "2",
                "--replication-factor",
                "3",
                "--topics-only");
        final Map<String, String> created = lines.stream().collect(Collectors.toMap(l -> word(l, "--topic"), l -> l));
        final Topics registry =
                Topics.create(new KafkaSettings("k:9092", "acme.", Optional.empty(), 12, 2, (short) 3, Map.of()));
        assertThat(created.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        registry.newTopics().stream().map(NewTopic::name).toList());
        for (NewTopic topic : registry.newTopics()) {
            final String line = created.get(topic.name());
            assertThat(line)
                    .contains(
                            "--partitions " + topic.numPartitions() + " ",
                            "--replication-factor 3 ",
                            "--if-not-exists",
                            "--config min.insync.replicas=2");
            assertThat(line.contains("cleanup.policy=compact"))
                    .as(topic.name())
                    .isEqualTo("compact".equals(topic.configs().get("cleanup.policy")));
        }
    }

    @Test
    void shouldDefaultToTheCoordinatorsPartitionCounts() {
        final Map<String, String> created = dryRun("--topics-only").stream()
                .collect(Collectors.toMap(l -> word(l, "--topic"), l -> word(l, "--partitions")));
        final Topics registry = Topics.create(KafkaSettings.local("k:9092"));
        for (NewTopic topic : registry.newTopics()) {
            assertThat(created.get(topic.name())).as(topic.name()).isEqualTo(Integer.toString(topic.numPartitions()));
        }
    }

    @Test
    void shouldLetAShipperWriteOffensesAndNothingElse() {
        final List<String> acls = dryRun("--acls-only", "--shipper", "User:web-1");
        assertThat(acls)
                .containsExactly(
                        "--add --allow-principal User:web-1 --operation Write --operation Describe --topic fleetban.offenses",
                        "--add --allow-principal User:web-1 --operation IdempotentWrite --cluster");
    }

    @Test
    void shouldLetAnEnforcerReadDecisionsWithoutAConsumerGroupAndWriteOnlyItsStatus() {
        final List<String> acls = dryRun("--acls-only", "--enforcer", "User:enf");
        assertThat(acls)
                .containsExactly(
                        "--add --allow-principal User:enf --operation Read --operation Describe --topic fleetban.bans",
                        "--add --allow-principal User:enf --operation Read --operation Describe --topic fleetban.unbans",
                        "--add --allow-principal User:enf --operation Read --operation Describe --topic fleetban.active-bans",
                        "--add --allow-principal User:enf --operation Write --operation Describe --topic fleetban.enforcer-status",
                        "--add --allow-principal User:enf --operation IdempotentWrite --cluster");
    }

    @Test
    void shouldLetAnOperatorReadFleetbanTopicsWithItsOwnGroupsAndWriteNothing() {
        final List<String> acls = dryRun("--acls-only", "--operator", "User:ui", "--operator-group-prefix", "ops-");
        assertThat(acls)
                .containsExactly(
                        "--add --allow-principal User:ui --operation Read --operation Describe --operation DescribeConfigs"
                                + " --topic fleetban. --resource-pattern-type prefixed",
                        "--add --allow-principal User:ui --operation Read --operation Describe --group ops- --resource-pattern-type prefixed");
    }

    @Test
    void shouldGiveTheCoordinatorItsTopicsGroupTransactionsAndInternalTopics() {
        final List<String> acls = dryRun("--acls-only", "--coordinator", "User:co", "--application-id", "fb-app");
        assertThat(acls)
                .contains(
                        "--add --allow-principal User:co --operation Read --operation Describe --topic fleetban.offenses",
                        "--add --allow-principal User:co --operation Read --operation Write --operation Describe --topic fleetban.commands",
                        "--add --allow-principal User:co --operation Read --operation Write --operation Describe --topic fleetban.bans",
                        "--add --allow-principal User:co --operation Read --operation Write --operation Describe --topic fleetban.unbans",
                        "--add --allow-principal User:co --operation Read --operation Write --operation Describe --topic fleetban.active-bans",
                        "--add --allow-principal User:co --operation Write --operation Describe --topic fleetban.dead-letter",
                        "--add --allow-principal User:co --operation Read --operation Describe --topic fleetban.enforcer-status",
                        "--add --allow-principal User:co --operation Read --group fb-app",
                        "--add --allow-principal User:co --operation Write --operation Describe --transactional-id fb-app --resource-pattern-type prefixed",
                        "--add --allow-principal User:co --operation Create --operation Read --operation Write --operation Describe"
                                + " --operation DescribeConfigs --operation Delete --topic fb-app --resource-pattern-type prefixed");
        assertThat(acls).noneMatch(l -> l.contains("--operation All"));
    }

    @Test
    void shouldLetOperatorClientsWriteCommandsOnly() {
        assertThat(dryRun("--acls-only", "--client", "User:ops"))
                .containsExactly(
                        "--add --allow-principal User:ops --operation Write --operation Describe --topic fleetban.commands",
                        "--add --allow-principal User:ops --operation Read --operation Describe --topic fleetban.enforcer-status",
                        "--add --allow-principal User:ops --operation IdempotentWrite --cluster");
    }

    @Test
    void shouldRefuseAPrincipalWithoutType() {
        final Commands.Result result =
                Commands.run(REPO, "bash", SCRIPT, "--bootstrap-server", "k:9092", "--dry-run", "--shipper", "web-1");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("a principal is TYPE:NAME");
    }

    /** The script's commands, each without the tool and the connection arguments. */
    private static List<String> dryRun(String... options) {
        final List<String> command =
                new ArrayList<>(List.of("bash", SCRIPT, "--bootstrap-server", "k:9092", "--dry-run"));
        command.addAll(List.of(options));
        final Commands.Result result =
                Commands.run(REPO, Map.of("KAFKA_BIN", "/opt/kafka/bin"), command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output()
                .lines()
                .peek(l ->
                        assertThat(l).matches("/opt/kafka/bin/kafka-(topics|acls)\\.sh --bootstrap-server k:9092 .*"))
                .map(l -> l.replaceFirst("^\\S+ --bootstrap-server k:9092 ", "").strip())
                .toList();
    }

    private static String word(String line, String option) {
        final List<String> words = List.of(line.split(" "));
        return words.get(words.indexOf(option) + 1);
    }
}
