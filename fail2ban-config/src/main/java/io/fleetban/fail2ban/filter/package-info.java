/**
 * Filters: {@link io.fleetban.fail2ban.filter.FilterReader} resolves a filter.d filter for given parameters
 * ({@code mode=aggressive}, {@code logtype}, jail overrides) into a {@link io.fleetban.fail2ban.filter.FilterDefinition}
 * whose regexes still hold fail2ban's regex tags for the filter engine.
 */
package io.fleetban.fail2ban.filter;
