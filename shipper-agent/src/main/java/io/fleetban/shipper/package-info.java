/**
 * The shipper agent: {@link io.fleetban.shipper.ShipperConfig} (fleetban.conf and the fail2ban jails it names) and
 * {@link io.fleetban.shipper.ShipperApp}, which wires tail, filter and publish: log line, then the jail's filter,
 * then one offense per failure on the offenses topic.
 */
package io.fleetban.shipper;
