package io.fleetban.shipper.filter;

import java.util.BitSet;
import java.util.Optional;

/**
 * The characters a match of a regex can begin with, used as a one-character pre-check before a start-anchored
 * search: sshd.conf's failregexes such as {@code ^<F-NOFAIL>Connection from</F-NOFAIL> <HOST>} start inside groups,
 * so they have no {@link RequiredLiteral#anchoredPrefix}, yet a line starting with {@code p} cannot match them, and
 * answering that from a bit set spares the matcher's reset and run on every line.
 *
 * <p>A superset by construction: lookarounds, back references and anything not understood widen the set or give no
 * pre-check at all; every non-ASCII character is let through whenever any non-ASCII character could match. No
 * pre-check for a regex that can match the empty string (it need not consume a first character) or that sets inline
 * flags (case-insensitivity or DOTALL would change what a character matches).
 */
final class FirstCharacters {

    static final int ASCII = 128;

    private final BitSet ascii;
    private final boolean nonAscii;

    private FirstCharacters(BitSet ascii, boolean nonAscii) {
        this.ascii = ascii;
        this.nonAscii = nonAscii;
    }

    /**
     * The first characters of a Python regex (tags expanded), or empty when no safe pre-check exists.
     * The caller may only use it for searches that must match at the start of the text ({@code lookingAt}).
     */
    static Optional<FirstCharacters> of(String pythonRegex) {
        return FirstCharactersParser.firstOf(pythonRegex)
                .map(first -> new FirstCharacters(first.ascii, first.nonAscii));
    }

    /** Whether a match may begin with {@code c}. */
    boolean mayStartWith(char c) {
        return c < ASCII ? ascii.get(c) : nonAscii;
    }
}
