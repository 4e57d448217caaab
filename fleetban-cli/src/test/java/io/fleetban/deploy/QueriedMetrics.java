package io.fleetban.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The fleetban and Kafka client metrics that a monitoring file's PromQL queries: the Grafana dashboard's panel
 * targets and the Prometheus alert rules. Other metrics (Prometheus' own {@code up}, the blackbox exporter's
 * {@code probe_success}) are not the agents' to export and are left out.
 */
final class QueriedMetrics {

    static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();
    static final Path DASHBOARD = REPO.resolve("deploy/grafana/fleetban-dashboard.json");
    static final Path ALERT_RULES = REPO.resolve("deploy/prometheus/fleetban-alerts.yml");
    /** A metric name as PromQL spells it: fleetban's own, or a Kafka client's through Micrometer. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:fleetban|kafka)_[a-z0-9_]+\\b");

    private QueriedMetrics() {}

    /** The metric names in every panel target's PromQL ({@code expr}) of a Grafana dashboard. */
    static Set<String> inDashboard(Path dashboard) throws IOException {
        final JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
        final List<String> expressions = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText(""));
            }
        }
        return names(expressions);
    }

    /** The metric names in every rule's {@code expr} of a Prometheus rules file. */
    static Set<String> inAlertRules(Path rules) throws IOException {
        return names(alertRules(rules).stream()
                .map(rule -> String.valueOf(rule.get("expr")))
                .toList());
    }

    /** The rules of every group of a Prometheus rules file, as YAML maps. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertRules(Path rules) throws IOException {
        try (Reader reader = Files.newBufferedReader(rules, StandardCharsets.UTF_8)) {
            final Map<String, Object> root = new Yaml().load(reader);
            final List<Map<String, Object>> all = new ArrayList<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
                all.addAll((List<Map<String, Object>>) group.get("rules"));
            }
            return all;
        }
    }

    /** The names of the metrics in a Prometheus text scrape. */
    static Set<String> exported(String scrape) {
        final Set<String> names = new TreeSet<>();
        scrape.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .forEach(names::add);
        return names;
    }

    private static Set<String> names(List<String> expressions) {
        final Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            final Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }
}
