package io.fleetban.shipper.filter.date;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The deciding-prefix shortcut of {@link DateDetector#find}: a line that starts like the previous one must get
 * exactly the date a detector without the shortcut finds, also when the characters right after the shared date
 * change the match (fractions, a year, a zone, a digit that breaks the word boundary), and a line whose next date
 * has the same shape gets it as a full search would.
 */
class DateDetectorPrefixTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final Clock NOW = Clock.fixed(Instant.parse("2005-08-14T10:00:00Z"), ZONE);

    /** Consecutive lines sharing their date text, each followed by something that may or may not extend it. */
    private static final List<String> LINES = List.of(
            "2005-08-14 11:59:59 - IP: 192.0.2.1 - User-Agent: a",
            "2005-08-14 11:59:59 - IP: 192.0.2.2 - User-Agent: b",
            "2005-08-14 11:59:59.123 - IP: 192.0.2.3",
            "2005-08-14 11:59:59 +0200 - IP: 192.0.2.4",
            "2005-08-14 11:59:59 - IP: 192.0.2.5",
            "2005-08-14 11:59:591 - IP: 192.0.2.6",
            "2005-08-14 11:59:59 - IP: 192.0.2.7",
            "2005-08-14 11:59:59 -0100 x",
            "2005-08-14 11:59:59 - IP: 192.0.2.8",
            "2005-08-14 11:59:58 - IP: 192.0.2.9",
            "2005-08-14 11:59:57.5 - IP: 192.0.2.10",
            "2005-08-14 11:59:56 -0100 x",
            "2005-08-14 11:59:55 - IP: 192.0.2.11",
            "2005-08-14 11:59:541 - IP: 192.0.2.12",
            "2005-08-14 11:59:53 - IP: 192.0.2.13",
            "2005-08-14 11:59:59",
            "Aug 14 11:59:59 web-1 sshd[1]: Failed password",
            "Aug 14 11:59:59 web-1 sshd[2]: Invalid user",
            "Aug 14 11:59:59 2004 web-1 sshd[3]: x",
            "Aug 14 11:59:59 web-1 sshd[4]: y",
            "Aug 14 11:59:59.5 web-1 sshd[5]: z",
            "Aug 14 11:59:59 web-1 sshd[6]: w",
            "Aug 14 11:59:590 web-1",
            "Aug 14 11:59:59 web-1 sshd[7]: v",
            "Aug 14 11:59:58 web-1 sshd[8]: u",
            "Aug 14 11:59:58 web-1 sshd[9]: t");

    @Test
    void aLineStartingLikeThePreviousGetsTheDateAFullSearchFinds() {
        DateDetector shared = DateDetector.create(Optional.empty(), NOW, ZONE, Optional.empty());
        for (String line : LINES) {
            // a fresh detector has no previous line, so it searches the whole line with every template
            DateDetector fresh = DateDetector.create(Optional.empty(), NOW, ZONE, Optional.empty());

            assertThat(shared.find(line)).as(line).isEqualTo(fresh.find(line));
        }
    }

    @Test
    void theSameDatePatternTemplateIsReusedOnlyForTheSamePrefix() {
        DateDetector shared = DateDetector.create(Optional.of("%Y-%m-%d %H:%M:%S"), NOW, ZONE, Optional.empty());
        Optional<DateMatch> first = shared.find("2005-08-14 11:59:59 a");
        Optional<DateMatch> extended = shared.find("2005-08-14 11:59:591 a");

        assertThat(first).hasValueSatisfying(d -> assertThat(d.end()).isEqualTo(19));
        assertThat(extended).isEmpty(); // no word boundary after the seconds: no date, as without the shortcut
    }
}
