package io.fleetban.enforcer.backend.command;

import io.fleetban.enforcer.backend.IpFamily;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;

/**
 * A fail2ban {@code action.d} action, read and checked at start ({@link Fail2banActionReader}): for each address
 * family (an action may differ per family through {@code [Init?family=inet6]}) and phase, the command with every
 * static tag resolved and only fleetban's run-time tags ({@link ActionTags}) left.
 *
 * @param name     the action's name with parameters as configured, for logs ("iptables-multiport[blocktype=DROP]")
 * @param file     the action's main file
 * @param commands per family and phase
 */
public record Fail2banAction(String name, Path file, Map<IpFamily, Map<ActionPhase, ActionCommand>> commands) {

    public Fail2banAction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        final Map<IpFamily, Map<ActionPhase, ActionCommand>> copy = new EnumMap<>(IpFamily.class);
        commands.forEach((family, phases) -> copy.put(family, Map.copyOf(new EnumMap<>(phases))));
        for (IpFamily family : IpFamily.values()) {
            if (!copy.containsKey(family) || !copy.get(family).keySet().containsAll(EnumSet.allOf(ActionPhase.class))) {
                throw new IllegalArgumentException("every family needs every phase: " + commands);
            }
        }
        commands = Map.copyOf(copy);
    }

    public ActionCommand command(IpFamily family, ActionPhase phase) {
        return commands.get(family).get(phase);
    }
}
