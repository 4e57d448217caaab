package io.fleetban.fail2ban.action;

import io.fleetban.fail2ban.ini.DefinitionFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a ban action from {@code action.d} as far as fleetban needs it: fleetban's enforcer does the banning
 * itself, so only the action's parameters ({@code [Init]} defaults overridden by the jail's
 * {@code action = name[param=value, ...]}) are resolved, e.g. {@code blocktype} from {@code iptables.conf}.
 * The action's shell commands are never read or run.
 */
public final class ActionReader {
    /** The [Init] parameter that says what a banned packet gets (REJECT ..., DROP). */
    public static final String BLOCKTYPE = "blocktype";

    private ActionReader() {}

    /**
     * Resolves one action's parameters.
     *
     * @param actionDir   the {@code action.d} directory
     * @param actionName  file name without {@code .conf}
     * @param parameters  parameters given in the jail's action line
     * @param jailOptions the jail's options (variables for the action's {@code %(..)s}, as in fail2ban)
     * @return the resolved parameters, or empty when {@code actionDir/actionName.conf} does not exist
     */
    public static Optional<ActionDefinition> read(
            Path actionDir, String actionName, Map<String, String> parameters, Map<String, String> jailOptions) {
        if (actionName.contains("/") || !Files.isRegularFile(actionDir.resolve(actionName + ".conf"))) {
            return Optional.empty();
        }
        final DefinitionFile def = DefinitionFile.read(actionDir, actionName);
        final Map<String, String> resolved = def.resolve(Set.of(), jailOptions, parameters, false);
        final Map<String, String> params = new LinkedHashMap<>();
        resolved.forEach((k, v) -> {
            if (!k.startsWith("known/")) {
                params.put(k, v);
            }
        });
        return Optional.of(new ActionDefinition(actionName, def.file(), params));
    }
}
