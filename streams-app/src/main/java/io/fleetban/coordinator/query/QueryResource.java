package io.fleetban.coordinator.query;

import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.ListenAddress;
import io.fleetban.coordinator.hosts.HostsReport;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.fail2ban.value.IpRange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One method per question of the query API. With {@code local} it answers from this instance's stores only (what
 * other instances ask for); otherwise it adds the shares of every other instance.
 */
public final class QueryResource implements JailQueries {

    private final JailRules jails;
    private final LocalStateReader local;
    private final InstanceLocator locator;
    private final RemoteInstanceClient remote;
    private final Supplier<HostsReport> hosts;

    public QueryResource(
            JailRules jails,
            LocalStateReader local,
            InstanceLocator locator,
            RemoteInstanceClient remote,
            Supplier<HostsReport> hosts) {
        this.jails = jails;
        this.local = local;
        this.locator = locator;
        this.remote = remote;
        this.hosts = hosts;
    }

    @Override
    public HostsReport hosts() {
        return hosts.get();
    }

    /**
     * This instance's share plus every other instance's that answers; one that does not answer is named in the
     * coverage, so the caller can tell a partial sum from the whole.
     */
    @Override
    public JailStatus status(String jail, boolean localOnly) {
        requireJail(jail);
        JailStatus status = local.status(jail);
        if (localOnly) {
            return status;
        }
        List<ListenAddress> others = locator.others();
        List<String> unanswered = new ArrayList<>();
        for (ListenAddress instance : others) {
            try {
                status = status.plus(remote.status(instance, jail));
            } catch (QueryUnavailableException e) {
                unanswered.add(e.getMessage());
            }
        }
        return status.covering(coverage(others, unanswered));
    }

    @Override
    public BansAnswer bans(boolean localOnly) {
        List<BanView> bans = new ArrayList<>(local.bans());
        if (localOnly) {
            return new BansAnswer(bans, Coverage.local());
        }
        List<ListenAddress> others = locator.others();
        List<String> unanswered = new ArrayList<>();
        for (ListenAddress instance : others) {
            try {
                bans.addAll(remote.bans(instance));
            } catch (QueryUnavailableException e) {
                unanswered.add(e.getMessage());
            }
        }
        return new BansAnswer(bans, coverage(others, unanswered));
    }

    private Coverage coverage(List<ListenAddress> others, List<String> unanswered) {
        int instances = others.size() + 1;
        int unreachable = locator.partitionsNoOneAnswersFor();
        if (unreachable > 0) {
            instances++;
            unanswered.add(unreachable + " partition(s) held by no instance this one can ask: another instance may"
                    + " advertise this one's address " + locator.self() + " (give each its own http.advertised),"
                    + " or a rebalance is under way");
        }
        return new Coverage(instances, instances - unanswered.size(), unanswered);
    }

    @Override
    public OffenderView offender(String jail, String ip, boolean localOnly) {
        String canonical = offenderKey(requireJail(jail), ip);
        InstanceLocator.KeyOwner owner = locator.ownerOf(canonical);
        if (owner.self() || localOnly) {
            return local.offender(jail, canonical, owner.partition());
        }
        return remote.offender(owner.instance(), jail, canonical);
    }

    /** Settings only, the same on every instance. */
    @Override
    public JailInfo jail(String jail) {
        JailRule rule = requireJail(jail);
        long bantime = rule.banTimeMillis() < 0 ? -1 : rule.policy().banTime().toSeconds();
        return new JailInfo(
                rule.maxRetry(),
                rule.policy().findTime().toSeconds(),
                bantime,
                rule.ignoreIp().stream().map(IpRange::canonical).toList());
    }

    /**
     * What the jail counts and bans this IP as: the address, its network under {@code fleet.ipv6.prefix}, or a network
     * given as one (a manual or escalated network ban).
     */
    private static String offenderKey(JailRule rule, String ip) {
        try {
            IpRange target = IpRange.parse(ip);
            return target.isSingleAddress() ? rule.offender(new IpAddress(target.network())) : target.banTarget();
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException(e.getMessage(), e);
        }
    }

    private JailRule requireJail(String jail) {
        return jails.find(jail).orElseThrow(() -> new UnknownJailException(jail));
    }
}
