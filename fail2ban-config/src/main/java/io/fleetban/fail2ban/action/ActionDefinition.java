package io.fleetban.fail2ban.action;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A ban action's resolved parameters.
 *
 * @param name       action name (file name without {@code .conf})
 * @param file       the action's main file
 * @param parameters resolved [Init] parameters and the jail's action parameters (e.g. blocktype, port, protocol)
 */
public record ActionDefinition(String name, Path file, Map<String, String> parameters) {

    /** Validates and freezes the record. */
    public ActionDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        parameters = Map.copyOf(parameters);
    }

    /** The {@code blocktype} parameter, if this action has one. */
    public Optional<String> blocktype() {
        return Optional.ofNullable(parameters.get(ActionReader.BLOCKTYPE))
                .map(String::strip)
                .filter(s -> !s.isEmpty());
    }
}
