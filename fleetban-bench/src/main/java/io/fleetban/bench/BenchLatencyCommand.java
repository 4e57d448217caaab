package io.fleetban.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fleetban bench latency}: a real fleet on this machine, the ban latency from log line to every host's firewall. */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        description = {
            "Measures fleetban's ban latency, from a log line to the firewall rule on",
            "EVERY host, stage by stage.",
            "",
            "Method:",
            " 1. A fresh `fleetban broker` (single KRaft node) starts in a child JVM on",
            "    free loopback ports; the fleetban topics are created (--partitions).",
            "    Then, each in its own JVM started exactly as in production (`fleetban",
            "    coordinator|shipper|enforcer -c fleetban.conf`): one coordinator",
            "    (exactly_once_v2) and --hosts hosts h1..hN, each a shipper tailing its",
            "    own log and an enforcer (--backend dry-run, no root needed; or ipset:",
            "    root, each host's enforcer manages the firewall of a network namespace",
            "    of its own, [enforcer] firewall.netns, so hosts share no sets or",
            "    chains). Jail `bench`: the tutorial's filter, maxretry 5, findtime 10m,",
            "    bantime 10m. --coordinator-setting, --shipper-setting and",
            "    --enforcer-setting add keys to the generated fleetban.conf.",
            " 2. Readiness: attackers are sent until one is banned on every host (the",
            "    whole pipeline is up).",
            " 3. --warmup, then --bans attackers, --rate per second (open loop), each a",
            "    fresh IP of 198.18.0.0/15 writing maxretry lines into h1's log,",
            "    --line-gap-ms apart, one write each (as the app logs them).",
            " 4. One wall clock for every stage (all processes read the machine's",
            "    CLOCK_REALTIME): appended = the crossing line's write returned (bench);",
            "    offense sent = the offense record's CreateTime (the shipper handed it to",
            "    its producer); offense readable / ban readable = a read_committed",
            "    consumer in the bench saw the record (configured as an enforcer: no",
            "    group, every partition, fetch.max.wait 10 ms); ban produced = the ban",
            "    record's CreateTime (before the coordinator's transaction commits);",
            "    polled / applied = each enforcer's log line `applied ban ... polled=<t>",
            "    applied=<t>`: when its consumer returned the ban and when its firewall",
            "    commit returned. Percentiles by nearest rank over the measured bans;",
            "    per-host stages pool every host's sample. The CPU each role used during",
            "    the run (/proc/<pid>/stat) and the load average are printed too: on a",
            "    shared machine compare figures within one run and with the load next to",
            "    them.",
            "Last line: latency: line to rule on every host p50 <X> ms p99 <Y> ms (hosts=<H>)"
        })
public final class BenchLatencyCommand implements Callable<Integer> {

    /** Attackers the readiness check may use before the measured ones. */
    static final int READY_TRIES = 200;

    @Option(
            names = "--hosts",
            defaultValue = "3",
            description = "Hosts, each a shipper + an enforcer JVM (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--bans", defaultValue = "200", description = "Measured bans (default: ${DEFAULT-VALUE}).")
    int bans;

    @Option(
            names = "--warmup",
            defaultValue = "20",
            description = "Bans before the measured ones, not counted (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rate", defaultValue = "5", description = "Attackers per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--line-gap-ms",
            defaultValue = "5",
            description = "Milliseconds between an attacker's lines (default: ${DEFAULT-VALUE}).")
    long lineGapMs;

    @Option(
            names = "--backend",
            defaultValue = "dry-run",
            description = "Enforcer backend: dry-run or ipset (root) (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description = "Partitions of the fleetban topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--coordinator-threads",
            defaultValue = "2",
            description = "Coordinator num.stream.threads (default: ${DEFAULT-VALUE}).")
    int coordinatorThreads;

    @Option(
            names = "--coordinator-jvm",
            defaultValue = "-Xmx512m",
            split = " ",
            description = "Coordinator JVM options (default: ${DEFAULT-VALUE}).")
    List<String> coordinatorJvm;

    @Option(
            names = "--shipper-jvm",
            split = " ",
            description = "Shipper JVM options (default: started through bin/fleetban, with the options it gives the"
                    + " shipper, as the systemd unit does).")
    List<String> shipperJvm = new ArrayList<>();

    @Option(
            names = "--enforcer-jvm",
            split = " ",
            description = "Enforcer JVM options (default: started through bin/fleetban, with the options it gives"
                    + " the enforcer, as the systemd unit does).")
    List<String> enforcerJvm = new ArrayList<>();

    @Option(
            names = "--coordinator-setting",
            description = "Extra [coordinator] key=value (repeatable), e.g. commit.interval=10ms.")
    Map<String, String> coordinatorSettings = new LinkedHashMap<>();

    @Option(
            names = "--shipper-setting",
            description = "Extra [shipper] key=value (repeatable), e.g. poll.interval=5ms.")
    Map<String, String> shipperSettings = new LinkedHashMap<>();

    @Option(
            names = "--enforcer-setting",
            description = "Extra [enforcer] key=value (repeatable), e.g. fetch.max.wait=500ms.")
    Map<String, String> enforcerSettings = new LinkedHashMap<>();

    @Option(
            names = "--timeout",
            defaultValue = "30",
            description = "Seconds the last bans may take after the last attack (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--keep", description = "Keep the work directory (configs, logs of every process).")
    boolean keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BenchLatencyPlan plan = plan();
        if (plan.ipset() && !"root".equals(System.getProperty("user.name"))) {
            spec.commandLine()
                    .getErr()
                    .println("fleetban bench latency: --backend ipset needs root (network namespaces, ipset)");
            return 2;
        }
        return new BenchLatencyRun(plan, keep, spec.commandLine().getOut()).run();
    }

    /** The validated options; a bad one is a usage error naming it. */
    BenchLatencyPlan plan() {
        try {
            return new BenchLatencyPlan(
                    hosts,
                    bans,
                    warmup,
                    rate,
                    Duration.ofMillis(lineGapMs),
                    backend,
                    partitions,
                    coordinatorThreads,
                    coordinatorJvm,
                    shipperJvm,
                    enforcerJvm,
                    coordinatorSettings,
                    shipperSettings,
                    enforcerSettings,
                    Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
