/** {@code fleetban config}: fleetban.conf's sections as every agent reads them, printed with origins or as the README's table. */
package io.fleetban.cli.config;
