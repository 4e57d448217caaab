package io.fleetban.demo;

import java.nio.file.Path;

/**
 * How to run the demo.
 *
 * @param workDir         broker data, logs, generated config (a fresh temporary directory by default)
 * @param appPort         the tutorial app's port on 127.0.0.1 (8000, as in the tutorial)
 * @param coordinatorPort the coordinator's query API port on 127.0.0.1
 * @param bantimeSeconds  the demo jail's bantime (short, so the unban is seen)
 * @param enforce         apply real ipset/iptables rules (root) instead of printing them
 */
public record DemoOptions(Path workDir, int appPort, int coordinatorPort, int bantimeSeconds, boolean enforce) {

    public DemoOptions {
        if (bantimeSeconds < 1) {
            throw new IllegalArgumentException("bantime must be at least 1 second, got " + bantimeSeconds);
        }
    }
}
