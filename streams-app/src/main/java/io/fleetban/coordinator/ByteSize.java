package io.fleetban.coordinator;

import java.util.Locale;

/** Memory sizes in config: a byte count with an optional binary unit ({@code 256MiB}, {@code 1g}, {@code 65536}). */
final class ByteSize {

    private ByteSize() {}

    static long parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            t = t.substring(0, t.length() - 1).strip();
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a memory size like 256MiB: '" + text + "'", e);
        }
    }
}
