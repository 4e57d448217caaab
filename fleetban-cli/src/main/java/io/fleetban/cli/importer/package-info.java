/** {@code fleetban import-fail2ban}: fail2ban's current bans, read from its database, become fleet-wide bans. */
package io.fleetban.cli.importer;
