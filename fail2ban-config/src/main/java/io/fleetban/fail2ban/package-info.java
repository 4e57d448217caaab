/**
 * fail2ban's own configuration read with fail2ban's semantics: values ({@code value}), the INI layer ({@code ini}),
 * filters, jails and actions. {@link io.fleetban.fail2ban.ConfigException} is the one error type of every fleetban
 * config reader.
 */
package io.fleetban.fail2ban;
