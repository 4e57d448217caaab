/** {@code fleetban check}: a host's configuration, logs, Kafka, registry and firewall, checked before going live. */
package io.fleetban.cli.check;
