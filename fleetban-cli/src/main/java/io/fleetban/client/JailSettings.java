package io.fleetban.client;

import java.util.List;

/**
 * A jail's settings as the coordinator applies them ({@code GET /jails/{jail}}): what
 * {@code fail2ban-client get <jail> maxretry|findtime|bantime|ignoreip} prints. Times in seconds, bantime -1 =
 * permanent.
 */
public record JailSettings(int maxretry, long findtime, long bantime, List<String> ignoreip) {

    /** The settings {@code fleetban client get} knows, as fail2ban-client names them. */
    public enum Key { MAXRETRY, FINDTIME, BANTIME, IGNOREIP }

    public JailSettings {
        ignoreip = List.copyOf(ignoreip);
    }

    /** fail2ban-client's output for {@code get <jail> <key>}. */
    public String render(Key key) {
        return switch (key) {
            case MAXRETRY -> maxretry + "\n";
            case FINDTIME -> findtime + "\n";
            case BANTIME -> bantime + "\n";
            case IGNOREIP -> renderIgnoreIp();
        };
    }

    private String renderIgnoreIp() {
        if (ignoreip.isEmpty()) {
            return "No IP address/network is ignored\n";
        }
        StringBuilder text = new StringBuilder("These IP addresses/networks are ignored:\n");
        for (int i = 0; i < ignoreip.size(); i++) {
            text.append(i == ignoreip.size() - 1 ? "`- " : "|- ").append(ignoreip.get(i)).append('\n');
        }
        return text.toString();
    }
}
