/**
 * fleetban.conf's keys declared once, in the spirit of Kafka's {@code ConfigDef}: each section of fleetban.conf is a
 * {@link io.fleetban.config.ConfigDef} of {@link io.fleetban.config.ConfigKey}s (name, type, default, doc), defined
 * next to the immutable record that section becomes, and parsed by one set of rules: a blank value means the
 * default, an unknown key is refused, every error names file, line, section and key. The README's configuration
 * table and {@code fleetban config print} are generated from the same definitions.
 */
package io.fleetban.config;
