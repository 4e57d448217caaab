package io.fleetban.shipper.filter.date;

import java.util.ArrayList;
import java.util.List;

/**
 * fail2ban's default date templates ({@code DateDetectorCache.DEFAULT_TEMPLATES}), in fail2ban's order: first a
 * line-begin anchored copy of each template that is not anchored already (fail2ban gives them weight 100 and tries
 * them first), then all templates as they are.
 */
final class DefaultDateTemplates {

    /** The spellings, as in fail2ban's datedetector.py. */
    static final List<String> PATTERNS = List.of(
            "%ExY(?P<_sep>[-/.])%m(?P=_sep)%d(?:T|  ?)%H:%M:%S(?:[.,]%f)?(?:\\s*%z)?",
            "(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?",
            "(?:%a )?%b %d %ExY %k:%M:%S(?:\\.%f)?",
            "%d(?P<_sep>[-/])%m(?P=_sep)(?:%ExY|%Exy) %k:%M:%S",
            "%d(?P<_sep>[-/])%b(?P=_sep)%ExY[ :]?%H:%M:%S(?:\\.%f)?(?: %z)?",
            "%m/%d/%ExY:%H:%M:%S",
            "%m-%d-%ExY %k:%M:%S(?:\\.%f)?",
            "EPOCH",
            "{^LN-BEG}%H:%M:%S",
            "^<%m/%d/%Exy@%H:%M:%S>",
            "%Exy%Exm%Exd  ?%H:%M:%S",
            "%b %d, %ExY %I:%M:%S %p",
            "^%b-%d-%Exy %k:%M:%S",
            "%ExY%Exm%Exd(?:T|  ?)%ExH%ExM%ExS(?:[.,]%f)?(?:\\s*%z)?",
            "(?:%Z )?(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?",
            "(?:%z )?(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?",
            "TAI64N");

    private DefaultDateTemplates() {}

    /** The full default list: anchored copies first, then the plain templates. */
    static List<DateTemplate> all(int nowYear) {
        List<DateTemplate> anchored = new ArrayList<>();
        List<DateTemplate> plain = new ArrayList<>();
        for (String p : PATTERNS) {
            DateTemplate t = DateTemplate.of(p, nowYear);
            if (!p.startsWith("{^LN-BEG}") && !p.startsWith("^")) {
                anchored.add(DateTemplate.of("{^LN-BEG}" + p, nowYear));
            }
            plain.add(t);
        }
        anchored.addAll(plain);
        return anchored;
    }
}
