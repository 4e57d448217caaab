package io.fleetban.cli.check;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lines of one {@code fleetban check} run, printed as they come. A failure already reported (the same mistake
 * found through two roles, such as a [kafka] key every agent reads) is printed once.
 */
public final class CheckReport {

    private final PrintStream out;
    private final List<CheckResult> results = new ArrayList<>();
    private final Set<String> failedLines = new HashSet<>();
    private final Set<String> failureReasons = new HashSet<>();

    public CheckReport(PrintStream out) {
        this.out = out;
    }

    public void add(CheckResult result) {
        if (!result.ok()) {
            if (!failedLines.add(result.line())) {
                return;
            }
            failureReasons.add(result.detail());
        }
        results.add(result);
        out.println(result.line());
    }

    public void addAll(List<CheckResult> checks) {
        checks.forEach(this::add);
    }

    /** Whether some failure already gave exactly this reason, under whatever name. */
    public boolean hasFailedWith(String reason) {
        return failureReasons.contains(reason);
    }

    public boolean allOk() {
        return results.stream().allMatch(CheckResult::ok);
    }

    public List<CheckResult> results() {
        return List.copyOf(results);
    }
}
