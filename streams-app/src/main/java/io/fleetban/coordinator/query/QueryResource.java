package io.fleetban.coordinator.query;

import io.fleetban.coordinator.JailPolicies;
import io.fleetban.coordinator.JailRule;
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

    private final JailPolicies jails;
    private final LocalStateReader local;
    private final InstanceLocator locator;
    private final RemoteInstanceClient remote;
    private final Supplier<HostsReport> hosts;

    public QueryResource(JailPolicies jails, LocalStateReader local, InstanceLocator locator,
                         RemoteInstanceClient remote, Supplier<HostsReport> hosts) {
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

    @Override
    public JailStatus status(String jail, boolean localOnly) {
        requireJail(jail);
        JailStatus status = local.status(jail);
        if (!localOnly) {
            for (ListenAddress instance : locator.others()) {
                status = status.plus(remote.status(instance, jail));
            }
        }
        return status;
    }

    @Override
    public List<BanView> bans(boolean localOnly) {
        List<BanView> bans = new ArrayList<>(local.bans());
        if (!localOnly) {
            for (ListenAddress instance : locator.others()) {
                bans.addAll(remote.bans(instance));
            }
        }
        return bans;
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
        return new JailInfo(rule.maxRetry(), rule.policy().findTime().toSeconds(), bantime,
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
