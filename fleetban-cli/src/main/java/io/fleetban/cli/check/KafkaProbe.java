package io.fleetban.cli.check;

import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Kafka as the roles on this host will meet it, with one Admin client and the configured security: the cluster
 * answers, the topics each role uses exist with the settings fleetban relies on, and this principal may do what each
 * role does. Permissions are probed, not read from the ACL list (which needs rights an agent should not have): the
 * broker reports the operations this principal is authorized for on each topic and group it describes. Without an
 * authorizer on the cluster every principal may do everything, and that is said once.
 */
final class KafkaProbe {

    private static final String ACL_SCRIPT = "deploy/kafka/create-topics-and-acls.sh";

    private final KafkaSettings kafka;
    private final Topics topics;
    private final Duration timeout;

    KafkaProbe(KafkaSettings kafka, Duration timeout) {
        this.kafka = kafka;
        this.topics = Topics.create(kafka);
        this.timeout = timeout;
    }

    /** What one role does with one topic: the operations it needs there, and whether it creates a missing one. */
    private record Use(String topic, Set<AclOperation> operations, boolean createdByRole) {}

    private List<Use> uses(Role role) {
        return switch (role) {
            case SHIPPER -> List.of(use(topics.offenses().name(), AclOperation.WRITE));
            case ENFORCER ->
                List.of(
                        use(topics.bans().name(), AclOperation.READ),
                        use(topics.unbans().name(), AclOperation.READ),
                        use(topics.activeBans().name(), AclOperation.READ));
            case COORDINATOR ->
                List.of(
                        created(topics.offenses().name(), AclOperation.READ),
                        created(topics.commands().name(), AclOperation.READ, AclOperation.WRITE),
                        created(topics.bans().name(), AclOperation.WRITE),
                        created(topics.unbans().name(), AclOperation.WRITE),
                        created(topics.activeBans().name(), AclOperation.WRITE),
                        created(topics.deadLetter().name(), AclOperation.WRITE));
        };
    }

    private static Use use(String topic, AclOperation... operations) {
        return new Use(topic, EnumSet.of(operations[0], operations), false);
    }

    private static Use created(String topic, AclOperation... operations) {
        return new Use(topic, EnumSet.of(operations[0], operations), true);
    }

    /**
     * @param coordinatorGroup the coordinator's application.id, when the coordinator role is checked
     */
    List<CheckResult> check(Set<Role> roles, Optional<String> coordinatorGroup) {
        final List<CheckResult> results = new ArrayList<>();
        final Map<String, Object> config = new LinkedHashMap<>(kafka.adminConfig("fleetban-check"));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // One failed connection is the answer; reconnect storms would only delay it.
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        try (Admin admin = Admin.create(config)) {
            final CheckResult cluster = cluster(admin);
            results.add(cluster);
            if (!cluster.ok()) {
                return results;
            }
            final boolean authorizer = hasAuthorizer(admin);
            results.add(CheckResult.ok(
                    "acls",
                    authorizer
                            ? "the cluster has an authorizer: this principal's rights are probed per topic below"
                            : "the cluster has no authorizer, so every principal may do everything"));
            final Map<String, TopicDescription> described = new LinkedHashMap<>();
            for (Role role : roles) {
                for (Use use : uses(role)) {
                    results.add(topic(admin, role, use, described, authorizer));
                }
            }
            results.addAll(topicSettings(admin, described));
            if (authorizer && coordinatorGroup.isPresent() && roles.contains(Role.COORDINATOR)) {
                results.add(group(admin, coordinatorGroup.get()));
            }
        }
        return results;
    }

    private CheckResult cluster(Admin admin) {
        final String what = "kafka " + kafka.bootstrapServers();
        final String protocol = String.valueOf(kafka.commonConfig()
                .getOrDefault(
                        CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL));
        try {
            final int brokers = get(admin.describeCluster(
                                    new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                            .nodes())
                    .size();
            return CheckResult.ok(what, brokers + " broker(s) answered over " + protocol);
        } catch (SaslAuthenticationException e) {
            return CheckResult.fail(
                    what,
                    "authentication failed over " + protocol + ": " + e.getMessage()
                            + "; check the user and password in [kafka] sasl.jaas.config and that the user exists on the brokers"
                            + " (kafka-configs.sh --describe --entity-type users)");
        } catch (SslAuthenticationException e) {
            return CheckResult.fail(
                    what,
                    "TLS handshake failed: " + e.getMessage() + "; check [kafka] ssl.truststore.* "
                            + "(the brokers' CA) and, for mTLS, ssl.keystore.*");
        } catch (AuthenticationException e) {
            return CheckResult.fail(
                    what, "authentication failed: " + e.getMessage() + "; check [kafka] security settings");
        } catch (TimeoutException e) {
            return CheckResult.fail(
                    what,
                    "no answer within " + timeout.toSeconds() + " s over " + protocol + "; check "
                            + "bootstrap.servers, that security.protocol matches the listener (a SASL_SSL listener does not "
                            + "answer PLAINTEXT), and firewalls between this host and the brokers");
        } catch (ExecutionException e) {
            return CheckResult.fail(what, e.getCause().toString());
        }
    }

    private boolean hasAuthorizer(Admin admin) {
        try {
            get(admin.describeAcls(AclBindingFilter.ANY).values());
            return true;
        } catch (SecurityDisabledException e) {
            return false;
        } catch (ExecutionException | TimeoutException e) {
            // Not allowed to list ACLs (agents should not be): an authorizer is there to say no.
            return true;
        }
    }

    private CheckResult topic(
            Admin admin, Role role, Use use, Map<String, TopicDescription> described, boolean authorizer) {
        final String what = role.section() + " topic " + use.topic();
        final TopicDescription description;
        try {
            description = described.containsKey(use.topic())
                    ? described.get(use.topic())
                    : get(admin.describeTopics(
                                    List.of(use.topic()), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                            .topicNameValues()
                            .get(use.topic()));
        } catch (UnknownTopicOrPartitionException e) {
            return use.createdByRole()
                    ? CheckResult.ok(what, "missing; the coordinator creates it at start (it needs CREATE for that)")
                    : CheckResult.fail(
                            what,
                            "missing; start the coordinator once (it creates fleetban's topics) or run " + ACL_SCRIPT);
        } catch (TopicAuthorizationException e) {
            return CheckResult.fail(
                    what,
                    "this principal may not even DESCRIBE it; grant " + role.section() + "'s ACLs (" + ACL_SCRIPT
                            + ")");
        } catch (ExecutionException | TimeoutException e) {
            return CheckResult.fail(what, "cannot describe it: " + cause(e));
        }
        described.put(use.topic(), description);
        final Set<AclOperation> allowed =
                description.authorizedOperations() == null ? Set.of() : description.authorizedOperations();
        final Set<AclOperation> missing = EnumSet.copyOf(use.operations());
        if (authorizer) {
            missing.removeAll(allowed);
        } else {
            missing.clear();
        }
        if (!missing.isEmpty()) {
            return CheckResult.fail(
                    what,
                    "this principal may not " + names(missing) + " it (allowed: "
                            + (allowed.isEmpty() ? "nothing" : names(allowed)) + "); grant the " + role.section()
                            + " ACLs (" + ACL_SCRIPT + ", or kafka-acls.sh --add --allow-principal User:<name>"
                            + missing.stream()
                                    .map(operation -> " --operation " + operation.name())
                                    .collect(Collectors.joining())
                            + " --topic " + use.topic() + ")");
        }
        final int partitions = description.partitions().size();
        return CheckResult.ok(
                what,
                partitions + (partitions == 1 ? " partition" : " partitions") + ", may " + names(use.operations()));
    }

    /** The settings fleetban relies on: active-bans compacted, commands partitioned as offenses. */
    private List<CheckResult> topicSettings(Admin admin, Map<String, TopicDescription> described) {
        final List<CheckResult> results = new ArrayList<>();
        final String activeBans = topics.activeBans().name();
        if (described.containsKey(activeBans)) {
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, activeBans);
            try {
                final Config config =
                        get(admin.describeConfigs(List.of(resource)).values().get(resource));
                final String policy =
                        config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
                results.add(
                        policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                                ? CheckResult.ok("topic " + activeBans + " cleanup.policy", policy)
                                : CheckResult.fail(
                                        "topic " + activeBans + " cleanup.policy",
                                        "is " + policy + ", must be compact "
                                                + "(enforcers rebuild the ban set from it): kafka-configs.sh --alter --entity-type topics "
                                                + "--entity-name " + activeBans
                                                + " --add-config cleanup.policy=compact"));
            } catch (TopicAuthorizationException e) {
                // Agents need not read topic configs; the coordinator's or an operator's principal can.
                results.add(CheckResult.ok(
                        "topic " + activeBans + " cleanup.policy",
                        "not checked: this principal may "
                                + "not read topic configs (DESCRIBE_CONFIGS); check with the coordinator's settings"));
            } catch (ExecutionException | TimeoutException e) {
                results.add(CheckResult.fail("topic " + activeBans + " cleanup.policy", "cannot read it: " + cause(e)));
            }
        }
        final TopicDescription offenses = described.get(topics.offenses().name());
        final TopicDescription commands = described.get(topics.commands().name());
        if (offenses != null && commands != null) {
            final int offensePartitions = offenses.partitions().size();
            final int commandPartitions = commands.partitions().size();
            results.add(
                    offensePartitions == commandPartitions
                            ? CheckResult.ok(
                                    "topics " + offenses.name() + " and " + commands.name(),
                                    "both " + offensePartitions + " partitions")
                            : CheckResult.fail(
                                    "topics " + offenses.name() + " and " + commands.name(),
                                    offensePartitions + " vs "
                                            + commandPartitions
                                            + " partitions: a command must land in its IP's offense partition; add "
                                            + "partitions to the smaller one (kafka-topics.sh --alter --partitions)"));
        }
        return results;
    }

    private CheckResult group(Admin admin, String group) {
        final String what = "coordinator group " + group;
        try {
            final ConsumerGroupDescription description = get(admin.describeConsumerGroups(
                            List.of(group), new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
                    .describedGroups()
                    .get(group));
            final Set<AclOperation> allowed =
                    description.authorizedOperations() == null ? Set.of() : description.authorizedOperations();
            return allowed.contains(AclOperation.READ)
                    ? CheckResult.ok(what, "may READ")
                    : CheckResult.fail(
                            what,
                            "this principal may not READ the group; grant the coordinator ACLs (" + ACL_SCRIPT + ")");
        } catch (GroupAuthorizationException e) {
            return CheckResult.fail(
                    what, "this principal may not use the group; grant the coordinator ACLs (" + ACL_SCRIPT + ")");
        } catch (ExecutionException | TimeoutException e) {
            return CheckResult.fail(what, "cannot describe it: " + cause(e));
        }
    }

    private static String names(Set<AclOperation> operations) {
        return operations.stream().map(AclOperation::name).sorted().collect(Collectors.joining("/"));
    }

    private static String cause(Exception e) {
        return String.valueOf(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
    }

    /** Waits for {@code future}, unwrapping a Kafka error so callers can catch it by type. */
    private <T> T get(KafkaFuture<T> future) throws ExecutionException, TimeoutException {
        try {
            return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new TimeoutException(e.getCause().getMessage());
            }
            if (e.getCause() instanceof RuntimeException runtime
                    && (runtime instanceof AuthenticationException
                            || runtime instanceof SecurityDisabledException
                            || runtime instanceof TopicAuthorizationException
                            || runtime instanceof UnknownTopicOrPartitionException
                            || runtime instanceof GroupAuthorizationException)) {
                throw runtime;
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
    }
}
