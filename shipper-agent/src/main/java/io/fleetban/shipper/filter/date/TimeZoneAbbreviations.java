package io.fleetban.shipper.filter.date;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fail2ban's fixed-offset zone table ({@code strptime.py TZ_STR}): {@code %Z}/{@code %z} values and
 * {@code logtimezone} such as {@code CEST}, {@code UTC+0200} or {@code -0400} map to an offset in minutes, without
 * DST switching (fail2ban's documented behaviour).
 */
final class TimeZoneAbbreviations {

    static final String ABBREVIATION_RE = "[A-Z](?:[A-Z]{2,4})?";
    private static final Pattern FIXED_OFFSET =
            Pattern.compile("(" + ABBREVIATION_RE + ")?([+-][01]\\d(?::?\\d{2})?)?$");
    private static final String TABLE = """
      -12 Y
      -11 X NUT SST
      -10 W CKT HAST HST TAHT TKT
      -9 V AKST GAMT GIT HADT HNY
      -8 U AKDT CIST HAY HNP PST PT
      -7 T HAP HNR MST PDT
      -6 S CST EAST GALT HAR HNC MDT
      -5 R CDT COT EASST ECT EST ET HAC HNE PET
      -4 Q AST BOT CLT COST EDT FKT GYT HAE HNA PYT
      -3 P ADT ART BRT CLST FKST GFT HAA PMST PYST SRT UYT WGT
      -2 O BRST FNT PMDT UYST WGST
      -1 N AZOT CVT EGT
      0 Z EGST GMT UTC WET WT
      1 A CET DFT WAT WEDT WEST
      2 B CAT CEDT CEST EET SAST WAST
      3 C EAT EEDT EEST IDT MSK
      4 D AMT AZT GET GST KUYT MSD MUT RET SAMT SCT
      5 E AMST AQTT AZST HMT MAWT MVT PKT TFT TJT TMT UZT YEKT
      6 F ALMT BIOT BTT IOT KGT NOVT OMST YEKST
      7 G CXT DAVT HOVT ICT KRAT NOVST OMSST THA WIB
      8 H ACT AWST BDT BNT CAST HKT IRKT KRAST MYT PHT SGT ULAT WITA WST
      9 I AWDT IRKST JST KST PWT TLT WDT WIT YAKT
      10 K AEST ChST PGT VLAT YAKST YAPT
      11 L AEDT LHDT MAGT NCT PONT SBT VLAST VUT
      12 M ANAST ANAT FJT GILT MAGST MHT NZST PETST PETT TVT WFT
      13 FJST NZDT
      11.5 NFT
      10.5 ACDT LHST
      9.5 ACST
      6.5 CCT MMT
      5.75 NPT
      5.5 SLT
      4.5 AFT IRDT
      3.5 IRST
      -2.5 HAT NDT
      -3.5 HNT NST NT
      -4.5 HLV VET
      -9.5 MART MIT
      """;
    private static final Map<String, Integer> OFFSETS = parseTable();

    private TimeZoneAbbreviations() {}

    private static Map<String, Integer> parseTable() {
        Map<String, Integer> offsets = new HashMap<>();
        offsets.put("", 0);
        for (String line : TABLE.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2) {
                continue;
            }
            int minutes = (int) (Double.parseDouble(parts[0]) * 60);
            for (int i = 1; i < parts.length; i++) {
                offsets.put(parts[i], minutes);
            }
        }
        return Map.copyOf(offsets);
    }

    /** fail2ban's zone2offset/validateTimeZone: offset in minutes east of UTC, empty if the text is no known zone. */
    static Optional<Integer> offsetMinutes(String zone) {
        if (zone.equals("Z") || zone.equals("UTC") || zone.equals("GMT")) {
            return Optional.of(0);
        }
        Matcher m = FIXED_OFFSET.matcher(zone);
        if (!m.lookingAt() || m.end() != zone.length()) {
            return Optional.empty();
        }
        Integer base = OFFSETS.get(m.group(1) == null ? "" : m.group(1));
        if (base == null) {
            return Optional.empty();
        }
        String offset = m.group(2);
        if (offset == null || offset.isEmpty()) {
            return Optional.of(base);
        }
        int sign = offset.charAt(0) == '-' ? -1 : 1;
        int hours = Integer.parseInt(offset.substring(1, 3));
        if (offset.length() <= 3) {
            return Optional.of(base + sign * hours * 60);
        }
        String minutes = offset.charAt(3) == ':' ? offset.substring(4, 6) : offset.substring(3, 5);
        return Optional.of(base + sign * (hours * 60 + Integer.parseInt(minutes)));
    }
}
