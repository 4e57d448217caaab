/**
 * fail2ban's configuration file semantics, in one place: {@link io.fleetban.fail2ban.ini.IniFile} (one file, Python
 * {@code configparser} syntax as fail2ban configures it; also fleetban.conf's reader),
 * {@link io.fleetban.fail2ban.ini.LayeredConfig} (files merged with {@code [INCLUDES]}, {@code .local} siblings,
 * {@code [DEFAULT]}, {@code known/}), {@link io.fleetban.fail2ban.ini.Interpolation} ({@code %(name)s},
 * {@code %(section/name)s}), {@link io.fleetban.fail2ban.ini.TagSubstitution} ({@code <tag>}, nested),
 * {@link io.fleetban.fail2ban.ini.NameWithOptions} ({@code name[opt=value, ...]}) and
 * {@link io.fleetban.fail2ban.ini.DefinitionFile} ({@code [Definition]}/{@code [Init]} files of filter.d and action.d).
 *
 * <p>Mirrors fail2ban 1.0.2's {@code client/configparserinc.py} and {@code client/configreader.py}; the stock
 * Debian configuration resolves to the same regexes and jail values as fail2ban's own client. Differences on
 * purpose: a missing {@code .conf} include is an error (fail2ban skips it silently; {@code .local} includes stay
 * optional).
 */
package io.fleetban.fail2ban.ini;
