/**
 * Offenses to Kafka: the record built from a matched line ({@link io.fleetban.shipper.publish.OffenseFactory}),
 * its deterministic id ({@link io.fleetban.shipper.publish.OffenseId}) and the idempotent producer keyed by IP
 * ({@link io.fleetban.shipper.publish.OffensePublisher}).
 */
package io.fleetban.shipper.publish;
