package io.fleetban.shipper.filter;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The group bookkeeping of one {@link PythonRegexTranslator} run: Java group names allow letters and digits only, so
 * Python names are sanitised ({@code alt_user_1 -> altuser1}, {@code _sep -> sep}) and made unique; references by
 * Python name or number are resolved to the Java name; and every Java capturing group is numbered in the order its
 * parenthesis opens, so matches can be read by number on the hot path.
 */
final class GroupNames {

    private final Map<String, String> pythonToJava = new LinkedHashMap<>();
    private final Map<String, String> javaToPython = new LinkedHashMap<>();
    private final Map<String, Integer> numbers = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private int javaGroupCount;

    /** Registers a Python group name and returns its unique Java name. */
    String register(String pythonName) {
        String javaName = unique(pythonName);
        pythonToJava.put(pythonName, javaName);
        javaToPython.put(javaName, pythonName);
        return javaName;
    }

    /** A unique Java name with no Python counterpart (the conditional marker groups). */
    String unique(String base) {
        String clean = base.replaceAll("[^A-Za-z0-9]", "");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "g" + clean;
        }
        String javaName = clean;
        for (int n = 2; used.contains(javaName); n++) {
            javaName = clean + "x" + n;
        }
        used.add(javaName);
        return javaName;
    }

    /** Lets Python group number {@code number} be referenced as {@code javaName}. */
    void aliasNumber(int number, String javaName) {
        pythonToJava.putIfAbsent(Integer.toString(number), javaName);
    }

    /** Counts the next Java capturing group (in opening order); {@code javaName} is null for an unnamed group. */
    void countGroup(String javaName) {
        javaGroupCount++;
        String pythonName = javaName == null ? null : javaToPython.get(javaName);
        if (pythonName != null) {
            numbers.put(pythonName, javaGroupCount);
        }
    }

    /** The Java name for a Python group name or number, or null if none was registered before. */
    String javaName(String pythonNameOrNumber) {
        return pythonToJava.get(pythonNameOrNumber);
    }

    Map<String, String> javaToPython() {
        return Map.copyOf(javaToPython);
    }

    Map<String, Integer> numbers() {
        return Map.copyOf(numbers);
    }
}
