package io.fleetban.shipper.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The argument vector that follows one jail's part of the journal: {@code journalctl -o json -f --no-pager}, where
 * to start, then the jail's {@code journalmatch} terms. Started without a shell, so no match value is ever
 * interpreted.
 *
 * @param journalctl      the configured command: the executable and any fixed options (e.g. {@code --directory=})
 * @param matchArguments  the jail's journalmatch as arguments ({@link JournalMatch#toArguments})
 */
public record JournalCommand(List<String> journalctl, List<String> matchArguments) {

    public JournalCommand {
        journalctl = List.copyOf(journalctl);
        matchArguments = List.copyOf(matchArguments);
        if (journalctl.isEmpty()) {
            throw new IllegalArgumentException("empty journalctl command");
        }
    }

    /**
     * The arguments for one run.
     *
     * @param afterCursor resume after this entry ({@code --no-tail}: every entry since, not only the last 10)
     * @param since       without a cursor: entries from this time on (a restart before the first entry arrived);
     *                    without either, only entries written from now on ({@code -n 0}), as fail2ban starts a jail
     */
    public List<String> arguments(Optional<String> afterCursor, Optional<Instant> since) {
        List<String> arguments = new ArrayList<>(journalctl);
        arguments.addAll(List.of("-o", "json", "-f", "--no-pager"));
        if (afterCursor.isPresent()) {
            arguments.add("--after-cursor=" + afterCursor.get());
            arguments.add("--no-tail");
        } else if (since.isPresent()) {
            arguments.add("--since=@" + since.get().getEpochSecond());
            arguments.add("--no-tail");
        } else {
            arguments.addAll(List.of("-n", "0"));
        }
        arguments.addAll(matchArguments);
        return List.copyOf(arguments);
    }

    @Override
    public String toString() {
        return String.join(" ", journalctl) + " " + String.join(" ", matchArguments);
    }
}
