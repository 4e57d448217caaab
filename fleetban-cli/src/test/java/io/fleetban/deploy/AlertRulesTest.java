package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The alert rules file is one Prometheus loads: each rule has a unique name, an expression, a severity and a summary,
 * and the alerts the README promises are there. (That their metrics exist is DashboardMetricsIT's.)
 */
class AlertRulesTest {

    @Test
    void everyRuleIsCompleteAndNamedOnce() throws Exception {
        final List<Map<String, Object>> rules = QueriedMetrics.alertRules(QueriedMetrics.ALERT_RULES);

        assertThat(rules)
                .extracting(rule -> rule.get("alert"))
                .doesNotHaveDuplicates()
                .contains(
                        "FleetbanSafetyValveTripped",
                        "FleetbanEnforcerLagging",
                        "FleetbanShipperPublishErrors",
                        "FleetbanEnforcerDown",
                        "FleetbanEnforcerUnhealthy",
                        "FleetbanFirewallDrift");
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.get("expr"))
                    .as("%s expr", rule.get("alert"))
                    .asString()
                    .isNotBlank();
            assertThat(rule.get("labels"))
                    .as("%s labels", rule.get("alert"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsKey("severity");
            assertThat(rule.get("annotations"))
                    .as("%s annotations", rule.get("alert"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsKey("summary");
        });
    }

    @Test
    void shouldFindTheQueriedFleetbanAndKafkaMetricsButNotPrometheusOwn() throws Exception {
        assertThat(QueriedMetrics.inAlertRules(QueriedMetrics.ALERT_RULES))
                .contains(
                        "fleetban_coordinator_safety_valve_tripped", "kafka_consumer_fetch_manager_records_lag_max",
                        "fleetban_shipper_publish_errors_total", "fleetban_enforcer_firewall_repairs_total")
                .doesNotContain("up", "probe_success");
    }
}
