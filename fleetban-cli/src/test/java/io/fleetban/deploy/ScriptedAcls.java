package io.fleetban.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs {@code deploy/kafka/create-topics-and-acls.sh} would add, read from its {@code --dry-run} output and
 * turned into the {@link AclBinding}s {@code kafka-acls.sh --add} creates, so a test can put exactly the script's
 * ACLs on a real broker (no Kafka distribution needed).
 */
final class ScriptedAcls {

    static final String SCRIPT = "deploy/kafka/create-topics-and-acls.sh";
    private static final String CLUSTER_NAME = "kafka-cluster";

    private ScriptedAcls() {}

    /** Runs the script with {@code --dry-run --acls-only} and these options; returns every binding it would add. */
    static List<AclBinding> of(Path repo, String... options) {
        final List<String> command = new ArrayList<>(
                List.of("bash", SCRIPT, "--bootstrap-server", "unused:9092", "--dry-run", "--acls-only"));
        command.addAll(List.of(options));
        final Commands.Result result = Commands.run(repo, Map.of(), command.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new AssertionError(SCRIPT + " failed: " + result.output());
        }
        return result.output()
                .lines()
                .filter(l -> l.contains("kafka-acls.sh"))
                .flatMap(l -> bindings(l).stream())
                .toList();
    }

    /** One {@code kafka-acls.sh --add --allow-principal P --operation O... <resource> [--resource-pattern-type T]} line. */
    static List<AclBinding> bindings(String line) {
        final List<String> words = List.of(line.strip().split("\\s+"));
        String principal = null;
        ResourceType type = null;
        String name = null;
        PatternType pattern = PatternType.LITERAL;
        final List<AclOperation> operations = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            switch (words.get(i)) {
                case "--allow-principal" -> principal = words.get(++i);
                case "--operation" -> operations.add(operation(words.get(++i)));
                case "--topic" -> {
                    type = ResourceType.TOPIC;
                    name = words.get(++i);
                }
                case "--group" -> {
                    type = ResourceType.GROUP;
                    name = words.get(++i);
                }
                case "--transactional-id" -> {
                    type = ResourceType.TRANSACTIONAL_ID;
                    name = words.get(++i);
                }
                case "--cluster" -> {
                    type = ResourceType.CLUSTER;
                    name = CLUSTER_NAME;
                }
                case "--resource-pattern-type" ->
                    pattern = PatternType.valueOf(words.get(++i).toUpperCase(Locale.ROOT));
                default -> {}
            }
        }
        if (principal == null || type == null || operations.isEmpty()) {
            throw new IllegalArgumentException("not an --add --allow-principal line: " + line);
        }
        final ResourcePattern resource = new ResourcePattern(type, name, pattern);
        final String who = principal;
        return operations.stream()
                .map(op -> new AclBinding(resource, new AccessControlEntry(who, "*", op, AclPermissionType.ALLOW)))
                .toList();
    }

    /** kafka-acls.sh's operation names (IdempotentWrite) to the enum (IDEMPOTENT_WRITE). */
    private static AclOperation operation(String name) {
        return AclOperation.valueOf(name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }
}
