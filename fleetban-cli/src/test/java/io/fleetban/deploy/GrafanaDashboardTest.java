package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard's shape, without Grafana: it imports into any Grafana with a Prometheus data source (chosen
 * through a variable, never a hard-coded uid) and has a panel for each metric operators watch. That the metrics
 * exist is {@link DashboardMetricsIT}'s job.
 */
class GrafanaDashboardTest {

    private final JsonNode dashboard = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(DashboardMetricsIT.DASHBOARD.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theDataSourceIsAPrometheusVariableEveryQueryUses() {
        final JsonNode variable = variable("datasource");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        for (JsonNode target : targets()) {
            assertThat(target.path("datasource").path("uid").asText())
                    .as(target.path("expr").asText())
                    .isEqualTo("${datasource}");
            assertThat(target.path("datasource").path("type").asText()).isEqualTo("prometheus");
        }
    }

    @Test
    void panelIdsAreUniqueAndEveryPanelWithQueriesHasATitleAndADescription() {
        final Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("panel id %s", panel.path("id"))
                    .isTrue();
            if (panel.has("targets")) {
                assertThat(panel.path("title").asText()).isNotBlank();
                assertThat(panel.path("description").asText()).isNotBlank();
            }
        }
    }

    @Test
    void everyMetricIssue7ListsHasAPanel() throws Exception {
        assertThat(DashboardMetricsIT.metricNames(DashboardMetricsIT.DASHBOARD))
                .contains(
                        "fleetban_shipper_lines_read_total", "fleetban_shipper_lines_matched_total",
                        "fleetban_shipper_lines_missed_total", "fleetban_shipper_offenses_published_total",
                        "fleetban_shipper_publish_errors_total", "kafka_consumer_fetch_manager_records_lag_max",
                        "fleetban_coordinator_bans_total", "fleetban_coordinator_unbans_total",
                        "fleetban_enforcer_decisions_applied_total", "fleetban_enforcer_apply_latency_seconds_bucket",
                        "fleetban_enforcer_bans_active", "fleetban_enforcer_bans_refused_total");
    }

    @Test
    void theJailVariableFiltersThePerJailPanels() {
        assertThat(variable("jail").path("definition").asText())
                .isEqualTo("label_values(fleetban_shipper_lines_read_total, jail)");
        assertThat(targets())
                .filteredOn(t -> t.path("expr").asText().contains("fleetban_shipper_"))
                .allSatisfy(t -> assertThat(t.path("expr").asText()).contains("jail=~\"$jail\""));
    }

    private JsonNode variable(String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no dashboard variable " + name);
    }

    private List<JsonNode> targets() {
        final List<JsonNode> targets = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(targets::add));
        assertThat(targets).isNotEmpty();
        return targets;
    }
}
