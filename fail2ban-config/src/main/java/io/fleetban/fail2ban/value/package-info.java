/**
 * fail2ban's value types, each parsed in exactly one place: {@link io.fleetban.fail2ban.value.Durations},
 * {@link io.fleetban.fail2ban.value.IpAddress} (never DNS), {@link io.fleetban.fail2ban.value.IpRange}.
 */
package io.fleetban.fail2ban.value;
