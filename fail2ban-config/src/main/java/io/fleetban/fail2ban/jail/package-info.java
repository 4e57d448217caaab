/**
 * Jails: {@link io.fleetban.fail2ban.jail.JailsReader} reads jail.conf, jail.d/*.conf, jail.local, jail.d/*.local
 * (fleetban's built-in defaults when there is no jail.conf) into typed {@link io.fleetban.fail2ban.jail.JailDefinition}s.
 *
 * <p>Differences from fail2ban, on purpose (fail fast at start-up rather than run with a surprise):
 * <ul>
 *   <li>a bad boolean, number, time, port or ignoreip entry is a {@link io.fleetban.fail2ban.ConfigException};
 *       fail2ban logs a warning and uses a default;</li>
 *   <li>hostnames in {@code ignoreip} are refused (no DNS at start-up), as are jail names containing '/';</li>
 *   <li>log paths are returned as written (globs not expanded: the shipper follows them);</li>
 *   <li>only enabled jails are returned; {@code ignoreself}, {@code ignorecommand}, {@code bantime.*} increments
 *       and the action's shell commands are not read (fleetban's agents do that work themselves).</li>
 * </ul>
 */
package io.fleetban.fail2ban.jail;
