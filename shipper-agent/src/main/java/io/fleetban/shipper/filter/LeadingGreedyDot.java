package io.fleetban.shipper.filter;

import io.fleetban.shipper.filter.PythonRegexTranslator.TranslatedRegex;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A faster, equivalent search for single-line regexes of the form {@code ^.*LITERAL rest} (the tutorial's
 * {@code ^.* - IP: <HOST> - User-Agent:.*$}). The regex engine runs the greedy {@code .*} to the end of the line and
 * then gives back one character at a time, trying {@code LITERAL rest} at every position. Only positions where
 * {@code LITERAL} starts can succeed, and the engine tries them from the last to the first: this class visits exactly
 * those positions in that order with {@link String#lastIndexOf(String, int)} and runs {@code LITERAL rest} there, so
 * the first success, its groups and therefore the captured host are the ones the full regex would report (the
 * injection that {@link GreedyHostLint} warns about is reproduced faithfully, not fixed).
 *
 * <p>Requirements checked by {@link #of}: no top-level alternative, no MULTILINE (a {@code \n} in the text bounds the {@code .*}: with
 * {@link PythonRegexTranslator#JAVA_FLAGS} only {@code \n} stops {@code .}), no inline flags (DOTALL or
 * case-insensitivity would change what {@code .} and the literal match), and {@code .*} neither lazy nor possessive.
 */
final class LeadingGreedyDot {

  private static final String PREFIX = "^.*";
  private static final Pattern INLINE_FLAGS = Pattern.compile("\\(\\?[aiLmsux-]+[:)]");

  private final String literal;
  private final Matcher rest;

  private LeadingGreedyDot(String literal, Pattern rest) {
    this.literal = literal;
    this.rest = rest.matcher("");
    // The rest is matched inside a region: lookbehinds must still see the text before it, and a ^ in the rest must
    // not match at the region start (it could not match there in the full regex either).
    this.rest.useTransparentBounds(true).useAnchoringBounds(false);
  }

  /**
   * The faster form of a translated regex, when it applies.
   *
   * @param pythonRegex the fail2ban regex with tags expanded (where the literal is read)
   * @param translated  its translation (whose tail after {@code ^.*} is compiled)
   * @param flags       the Java flags the full regex is compiled with
   */
  static Optional<LeadingGreedyDot> of(String pythonRegex, TranslatedRegex translated, int flags) {
    String javaRegex = translated.javaRegex();
    if ((flags & Pattern.MULTILINE) != 0 || !translated.startAnchored() || !pythonRegex.startsWith(PREFIX)
        || !javaRegex.startsWith(PREFIX) || INLINE_FLAGS.matcher(pythonRegex).find()) {
      return Optional.empty();
    }
    String literal = RequiredLiteral.leading(pythonRegex.substring(PREFIX.length()));
    if (literal.isEmpty()) {
      return Optional.empty(); // ".*?", ".*+", ".*(" ... : no literal to look for
    }
    return Optional.of(new LeadingGreedyDot(literal, Pattern.compile(javaRegex.substring(PREFIX.length()), flags)));
  }

  /** Python {@code re.search} of the full regex in {@code text}; groups are read from {@link #matcher()}. */
  boolean search(String text) {
    int newline = text.indexOf('\n');
    int limit = newline < 0 ? text.length() : newline;
    rest.reset(text);
    for (int at = text.lastIndexOf(literal, limit); at >= 0; at = text.lastIndexOf(literal, at - 1)) {
      rest.region(at, text.length());
      if (rest.lookingAt()) {
        return true;
      }
    }
    return false;
  }

  /** The matcher holding the last successful match (group numbers are the full regex's: {@code .*} has none). */
  Matcher matcher() {
    return rest;
  }
}
