package io.fleetban.enforcer.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs every command inside a named network namespace ({@code ip netns exec <ns> ...}). ipset sets and
 * iptables chains are per namespace, so namespace tests and the benchmark never touch the host's firewall.
 */
public final class NamespaceCommandRunner implements CommandRunner {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final String namespace;
    private final CommandRunner delegate;

    public NamespaceCommandRunner(String namespace, CommandRunner delegate) {
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("not a namespace name: " + namespace);
        }
        this.namespace = namespace;
        this.delegate = delegate;
    }

    @Override
    public CommandResult run(List<String> argv, String stdin) throws FirewallException {
        return delegate.run(inNamespace(argv), stdin);
    }

    @Override
    public CommandResult run(List<String> argv, Script script) throws FirewallException {
        return delegate.run(inNamespace(argv), script);
    }

    @Override
    public Optional<Process> startInteractive(List<String> argv) throws FirewallException {
        return delegate.startInteractive(inNamespace(argv));
    }

    private List<String> inNamespace(List<String> argv) {
        final List<String> prefixed = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        prefixed.addAll(argv);
        return prefixed;
    }
}
