/**
 * fail2ban's date detection ({@code server/datedetector.py}, {@code datetemplate.py}, {@code strptime.py}): the
 * default templates, {@code datepattern} with strptime directives, {@code {^LN-BEG}}, {@code {DATE}},
 * {@code {NONE}}, {@code EPOCH}/{@code LEPOCH}, {@code TAI64N}, year inference against the filter clock and
 * {@code logtimezone}. Entry point: {@link io.fleetban.shipper.filter.date.DateDetector}.
 */
package io.fleetban.shipper.filter.date;
