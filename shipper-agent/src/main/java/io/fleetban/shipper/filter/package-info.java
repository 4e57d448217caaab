/**
 * fail2ban's filter engine, in Java: {@link io.fleetban.shipper.filter.JailFilter} compiles a
 * {@code FilterDefinition} (stock {@code filter.d} files, unchanged) once and matches log lines to
 * {@link io.fleetban.shipper.filter.MatchResult}s as fail2ban's {@code server/filter.py} does.
 *
 * <p>Flow of one line: date detection ({@code .date}) and removal of the date text, {@code prefregex} with
 * {@code <F-CONTENT>}, each {@code failregex} in order ({@link io.fleetban.shipper.filter.FailRegex}: tags expanded by
 * {@link io.fleetban.shipper.filter.FailRegexTags}, Python {@code re} translated by
 * {@link io.fleetban.shipper.filter.PythonRegexTranslator}), {@code ignoreregex}, {@code <F-MLFID>} merging,
 * then the captured address is validated by the project's one IP parser. Host names are never resolved.
 *
 * <p>Speed without changing a result: pre-checks that only refuse lines no match can exist for
 * ({@link io.fleetban.shipper.filter.RequiredLiteral}, {@link io.fleetban.shipper.filter.FirstCharacters}, tabled per
 * first character for a filter's failregexes by {@link io.fleetban.shipper.filter.FailRegexDispatch}) and
 * equivalent searches that skip regex work whose outcome is known ({@link io.fleetban.shipper.filter.LeadingGreedyDot},
 * {@link io.fleetban.shipper.filter.RestOfLineTail}, {@link io.fleetban.shipper.filter.ConditionalPruning}, the date
 * detector's deciding prefix); each has a test comparing it with the full regex. A match's fields are an array indexed
 * by the filter's {@link io.fleetban.shipper.filter.FieldNames}, not a map per line.
 *
 * <p>Verified against fail2ban's own sample corpus (Fail2banCorpusTest, run with {@code FAIL2BAN_HOME}).
 */
package io.fleetban.shipper.filter;
