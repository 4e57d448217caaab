package io.fleetban.enforcer.backend.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One phase of an action ({@code actionban} ...) for one address family, static tags resolved, ready to be filled
 * with run-time tags: either simple commands run as argument vectors, or a script that needs a shell.
 */
public sealed interface ActionCommand {

    /** The shell used only for text with shell syntax (fail2ban runs every action through it). */
    List<String> SHELL = List.of("/bin/sh", "-c");

    /** The argument vectors to run in order, with {@code tags} filled in. */
    List<List<String>> argvs(Map<String, String> tags);

    /** Nothing to run (an empty {@code actionstart}). */
    boolean isEmpty();

    /**
     * Every non-blank line is a simple command: each runs as its own argument vector, a tag is replaced inside
     * the word it was written in, so {@code -s <ip>} gives exactly two arguments whatever the value.
     */
    record Simple(List<List<String>> lines) implements ActionCommand {
        private static final Pattern TAG = Pattern.compile("<([^ <>]+)>");

        public Simple {
            lines = lines.stream().map(List::copyOf).toList();
        }

        @Override
        public List<List<String>> argvs(Map<String, String> tags) {
            return lines.stream()
                    .map(words -> words.stream().map(word -> fill(word, tags)).toList())
                    .toList();
        }

        private static String fill(String word, Map<String, String> tags) {
            final Matcher m = TAG.matcher(word);
            return m.replaceAll(match -> Matcher.quoteReplacement(tags.getOrDefault(match.group(1), match.group())));
        }

        @Override
        public boolean isEmpty() {
            return lines.isEmpty();
        }
    }

    /** Text with shell syntax: run as one {@code /bin/sh -c} script, tag values quoted by {@link ShellQuoting}. */
    record Shell(String script) implements ActionCommand {
        @Override
        public List<List<String>> argvs(Map<String, String> tags) {
            final List<String> argv = new ArrayList<>(SHELL);
            argv.add(ShellQuoting.substitute(script, tags));
            return List.of(argv);
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }

    /**
     * Parses a phase's resolved text: all lines simple -> {@link Simple}; any line with shell syntax -> the whole
     * text as one {@link Shell} script (multi-line constructs such as {@code for ... done} span lines, and fail2ban
     * runs the whole text in one shell too).
     */
    static ActionCommand parse(String text, Set<String> tagNames) {
        final List<List<String>> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            final Optional<List<String>> words = ShellWords.split(line, tagNames);
            if (words.isEmpty()) {
                return new Shell(text.strip());
            }
            lines.add(words.get());
        }
        return new Simple(lines);
    }
}
