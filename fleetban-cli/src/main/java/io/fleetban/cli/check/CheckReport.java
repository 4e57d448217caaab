package io.fleetban.cli.check;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lines of one {@code fleetban check} run, printed as they come. A failure already reported (the same reason
 * found through two roles, such as a [kafka] mistake every agent reads) is printed once.
 */
public final class CheckReport {

    private final PrintStream out;
    private final List<CheckResult> results = new ArrayList<>();
    private final Set<String> reportedFailures = new HashSet<>();

    public CheckReport(PrintStream out) {
        this.out = out;
    }

    public void add(CheckResult result) {
        if (!result.ok() && !reportedFailures.add(result.detail())) {
            return;
        }
        results.add(result);
        out.println(result.line());
    }

    public void addAll(List<CheckResult> checks) {
        checks.forEach(this::add);
    }

    public boolean allOk() {
        return results.stream().allMatch(CheckResult::ok);
    }

    public List<CheckResult> results() {
        return List.copyOf(results);
    }
}
