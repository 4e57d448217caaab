/**
 * Ban actions: only their parameters (e.g. {@code blocktype}) are read; fleetban's enforcer applies bans itself.
 */
package io.fleetban.fail2ban.action;
