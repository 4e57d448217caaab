package io.fleetban.enforcer.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records every command and script a backend runs; answers with a configurable result (default: exit 0). */
public final class RecordingCommandRunner implements CommandRunner {

    /** One recorded call. */
    public record Call(List<String> argv, String stdin) {
        public String line() {
            return String.join(" ", argv);
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private Function<List<String>, CommandResult> answer = argv -> new CommandResult(argv, 0, "", "");

    @Override
    public CommandResult run(List<String> argv, String stdin) {
        calls.add(new Call(List.copyOf(argv), stdin));
        return answer.apply(argv);
    }

    /** Answers every later call with {@code answer}. */
    public void answer(Function<List<String>, CommandResult> newAnswer) {
        this.answer = newAnswer;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The commands as single lines, e.g. "iptables -w -N fleetban". */
    public List<String> lines() {
        return calls.stream().map(Call::line).toList();
    }

    /** What was piped into each call of {@code commandLine} (as {@link #lines()} spells it), in call order. */
    public List<String> stdinOf(String commandLine) {
        return calls.stream()
                .filter(call -> call.line().equals(commandLine))
                .map(Call::stdin)
                .toList();
    }

    public void clear() {
        calls.clear();
    }
}
