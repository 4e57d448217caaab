package io.fleetban.enforcer.backend.command;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.BufferingBackend;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.PendingChanges;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fail2ban {@code action.d} action per jail, as fail2ban's {@code Fail2banAction} does: {@code actionstart}
 * at init, {@code actionunban} then {@code actionban} per decision at commit (removes first, in arrival order),
 * {@code actionunban} for what is still applied and {@code actionstop} at shutdown. Commands without shell syntax
 * run as argument vectors; the rest through {@code /bin/sh -c} with quoted values ({@link ActionCommand}).
 *
 * <p>An action's state cannot be read back in general (hosts.deny, a route, a cloud API), so {@link #list()}
 * answers with what this backend applied; bans end when the enforcer removes them at expiry. A failed command is
 * reported and the decision left unapplied, so the next reconcile retries it; the other decisions still run.
 *
 * <p>Differences from fail2ban, on purpose: actionstart runs for both families at init (fail2ban starts a
 * family-dependent action on demand at its first ban of that family), the IPv6 variant only when it differs;
 * lines are run one by one and the first failing line fails the command (sh without {@code -e} would go on).
 * Whether init after a crash is idempotent is up to the action (fail2ban's iptables actions check before they
 * create; {@code route} would report "File exists" for a route the crashed enforcer left behind).
 *
 * <p>Drift is not repaired: what an action creates is opaque to fleetban, so {@code checkDrift} finds nothing, and a
 * chain, jump or line removed by another tool stays missing until the enforcer restarts (actionstart) or reconcile
 * re-runs a ban it applied (it does not: {@code list()} answers from memory). fail2ban's own {@code actioncheck} /
 * {@code actionrepair} are not run.
 */
public final class CommandBackend extends BufferingBackend {

    private static final Logger LOG = LoggerFactory.getLogger(CommandBackend.class);
    /** fail2ban's {@code <bantime>} of a permanent ban. */
    private static final long PERMANENT = -1;

    private final CommandRunner runner;
    private final Clock clock;
    private final Fail2banAction action;
    private final Map<String, EnforcedJail> jails = new LinkedHashMap<>();
    private final Map<BanKey, Ban> applied = new LinkedHashMap<>();

    public CommandBackend(CommandRunner runner, Clock clock, Fail2banAction action) {
        this.runner = runner;
        this.clock = clock;
        this.action = action;
    }

    @Override
    public String name() {
        return "command";
    }

    @Override
    public void init(List<EnforcedJail> enforcedJails) throws FirewallException {
        jails.clear();
        applied.clear();
        for (EnforcedJail jail : enforcedJails) {
            jails.put(jail.name(), jail);
            runPerFamily(jail, ActionPhase.START);
        }
        LOG.info("command backend ready: action {} for {} jail(s)", action.name(), jails.size());
    }

    @Override
    public CommitSummary commit() throws FirewallException {
        final PendingChanges.Batch batch = pending.drain(applied::containsKey, key -> jails.containsKey(key.jail()));
        final List<String> failures = new ArrayList<>();
        int removed = 0;
        int added = 0;
        for (BanKey key : batch.removes()) {
            if (runFor(applied.get(key), ActionPhase.UNBAN, failures)) {
                applied.remove(key);
                removed++;
            }
        }
        for (Ban ban : batch.adds()) {
            // fail2ban does not ban an address twice: an applied ban only gets its new end time.
            if (applied.containsKey(ban.key()) || runFor(ban, ActionPhase.BAN, failures)) {
                applied.put(ban.key(), ban);
                added++;
            }
        }
        if (!failures.isEmpty()) {
            throw new FirewallException(failures.size() + " action command(s) failed: " + String.join("; ", failures));
        }
        return new CommitSummary(added, removed);
    }

    @Override
    public Set<BanKey> list() {
        return Set.copyOf(applied.keySet());
    }

    /** Unbans what is still applied (fail2ban's flush at jail stop), then runs {@code actionstop} per jail. */
    @Override
    public void shutdown() throws FirewallException {
        final List<String> failures = new ArrayList<>();
        for (Ban ban : List.copyOf(applied.values())) {
            runFor(ban, ActionPhase.UNBAN, failures);
        }
        applied.clear();
        for (EnforcedJail jail : jails.values()) {
            try {
                runPerFamily(jail, ActionPhase.STOP);
            } catch (FirewallException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new FirewallException("shutdown of action " + action.name() + ": " + String.join("; ", failures));
        }
    }

    /** Runs one ban's command; a failure is logged and collected, not thrown, so the batch goes on. */
    private boolean runFor(Ban ban, ActionPhase phase, List<String> failures) {
        final EnforcedJail jail = jails.get(ban.key().jail());
        final long bantime =
                ban.expiresAt().isEmpty() ? PERMANENT : ban.remainingSeconds(clock.instant(), Long.MAX_VALUE);
        try {
            run(action.command(ban.key().family(), phase).argvs(ActionTags.forBan(jail, ban.key(), bantime)));
            return true;
        } catch (FirewallException e) {
            LOG.warn(
                    "{} of jail={} ip={} failed: {}",
                    phase.option(),
                    ban.key().jail(),
                    ban.key().entryText(),
                    e.getMessage());
            failures.add(phase.option() + " " + ban.key() + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * fail2ban runs {@code actionstart}/{@code actionstop} per family in use; the IPv6 variant is run only when it
     * differs from the IPv4 one (most actions are the same for both and must not start twice).
     */
    private void runPerFamily(EnforcedJail jail, ActionPhase phase) throws FirewallException {
        final List<List<String>> v4 =
                action.command(IpFamily.IPV4, phase).argvs(ActionTags.forJail(jail, IpFamily.IPV4));
        run(v4);
        final List<List<String>> v6 =
                action.command(IpFamily.IPV6, phase).argvs(ActionTags.forJail(jail, IpFamily.IPV6));
        if (!v6.equals(v4)) {
            run(v6);
        }
    }

    private void run(List<List<String>> argvs) throws FirewallException {
        for (List<String> argv : argvs) {
            runner.runChecked(argv, "");
        }
    }
}
