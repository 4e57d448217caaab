package io.fleetban.enforcer.backend.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Splits one line of a fail2ban action's command text into an argument vector the way {@code sh} would split a
 * simple command: blanks separate words, single quotes keep everything, double quotes keep everything but a
 * backslash before {@code $ ` " \}, a backslash outside quotes keeps the next character. A line that needs a
 * shell (pipes, redirections, {@code && || ;}, {@code $...}, backticks, globs, braces, comments, variable
 * assignments, keywords and builtins) is reported as such, so only those lines are given to {@code /bin/sh}.
 *
 * <p>Run-time tags ({@code <ip>}) stay in the words as placeholders; they are filled in per word later, so a
 * value can never become a new argument.
 */
final class ShellWords {

    /** Characters that mean shell syntax outside quotes. */
    private static final String SHELL_CHARS = "|&;<>()$`*?[]{}~#";
    /** First words that are shell keywords or builtins, not programs. */
    private static final Set<String> SHELL_FIRST_WORDS = Set.of(
            "if",
            "then",
            "else",
            "elif",
            "fi",
            "for",
            "while",
            "until",
            "do",
            "done",
            "case",
            "esac",
            "function",
            "select",
            "!",
            "cd",
            "exit",
            "export",
            "set",
            "unset",
            ".",
            "source",
            "exec",
            "eval",
            "ulimit",
            "umask",
            "return",
            "shift",
            "trap",
            "readonly",
            "local",
            ":");

    private ShellWords() {}

    /**
     * @param line     one line of command text, static tags already resolved
     * @param tagNames the run-time tags that may appear as {@code <name>}
     * @return the words, or empty when the line uses shell syntax (or has an unterminated quote)
     */
    static Optional<List<String>> split(String line, Set<String> tagNames) {
        if (line.strip().matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            return Optional.empty();
        }
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            final char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                i = wordPart(line, i, tagNames, word);
                if (i < 0) {
                    return Optional.empty();
                }
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words.isEmpty() || SHELL_FIRST_WORDS.contains(words.get(0)) ? Optional.empty() : Optional.of(words);
    }

    /** Appends the word part starting at {@code at} (a quoted part, an escape, a tag or one character); -1 means shell. */
    private static int wordPart(String line, int at, Set<String> tagNames, StringBuilder word) {
        final char c = line.charAt(at);
        if (c == '\'') {
            final int close = line.indexOf('\'', at + 1);
            if (close < 0) {
                return -1;
            }
            word.append(line, at + 1, close);
            return close + 1;
        }
        if (c == '"') {
            return doubleQuoted(line, at + 1, word);
        }
        if (c == '\\') {
            if (at + 1 >= line.length()) {
                return -1;
            }
            word.append(line.charAt(at + 1));
            return at + 2;
        }
        final String tag = c == '<' ? tagAt(line, at, tagNames) : null;
        if (tag != null) {
            word.append('<').append(tag).append('>');
            return at + tag.length() + 2;
        }
        if (SHELL_CHARS.indexOf(c) >= 0) {
            return -1;
        }
        word.append(c);
        return at + 1;
    }

    /** Appends a double-quoted part starting after its opening quote; returns the index after the closing quote, -1 if shell is needed. */
    private static int doubleQuoted(String line, int start, StringBuilder word) {
        int i = start;
        while (i < line.length()) {
            final char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            } else if (c == '$' || c == '`') {
                return -1;
            } else if (c == '\\' && i + 1 < line.length() && "$`\"\\".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        return -1;
    }

    /** The run-time tag written at {@code at} ("&lt;ip&gt;"), or null. */
    static String tagAt(String text, int at, Set<String> tagNames) {
        final int end = text.indexOf('>', at);
        if (end <= at + 1) {
            return null;
        }
        final String name = text.substring(at + 1, end);
        return tagNames.contains(name) ? name : null;
    }
}
