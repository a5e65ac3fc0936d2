package io.norn.logql.syntax;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalLong;

/**
 * Duration and byte-size literals as LogQL reads and prints them: Prometheus durations ({@code 1h30m},
 * {@code 1d}, {@code 1y}) for ranges, Go durations ({@code 1.5h}, {@code 300us}) as a fallback elsewhere,
 * and humanized sizes ({@code 10KB}, {@code 1.5MiB}). All durations are in nanoseconds.
 */
final class Durations {
    private static final long NANOS_PER_MS = 1_000_000L;

    private Durations() {
    }

    /** Thrown with Loki's message text when a Prometheus duration is malformed. */
    static final class DurationException extends Exception {
        DurationException(String message) {
            super(message, null, false, false);
        }
    }

    /** Prometheus {@code model.ParseDuration}: units y w d h m s ms us ns, biggest first, integers only. */
    static long parsePrometheus(String s) throws DurationException {
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw new DurationException("empty duration string");
        String invalid = "not a valid duration string: " + goQuote(s);
        int i = 0;
        int lastUnit = 0;
        long total = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isAsciiDigit(s.charAt(i))) i++;
            if (i == start) throw new DurationException(invalid);
            BigInteger v = new BigInteger(s.substring(start, i));
            if (v.bitLength() > 64) throw new DurationException(invalid);
            int unitStart = i;
            while (i < s.length() && !isAsciiDigit(s.charAt(i))) i++;
            if (i == unitStart) throw new DurationException(invalid);
            String unit = s.substring(unitStart, i);
            int pos;
            long mult;
            switch (unit) {
                case "y" -> { pos = 1; mult = 365L * 24 * 3600 * 1_000_000_000L; }
                case "w" -> { pos = 2; mult = 7L * 24 * 3600 * 1_000_000_000L; }
                case "d" -> { pos = 3; mult = 24L * 3600 * 1_000_000_000L; }
                case "h" -> { pos = 4; mult = 3600L * 1_000_000_000L; }
                case "m" -> { pos = 5; mult = 60L * 1_000_000_000L; }
                case "s" -> { pos = 6; mult = 1_000_000_000L; }
                case "ms" -> { pos = 7; mult = 1_000_000L; }
                case "us", "\u00b5s" -> { pos = 8; mult = 1_000L; }
                case "ns" -> { pos = 9; mult = 1L; }
                default -> throw new DurationException("unknown unit " + goQuote(unit) + " in duration " + goQuote(s));
            }
            if (pos <= lastUnit) throw new DurationException(invalid);
            lastUnit = pos;
            BigInteger add = v.multiply(BigInteger.valueOf(mult));
            BigInteger sum = add.add(BigInteger.valueOf(total));
            if (sum.bitLength() > 63) throw new DurationException("duration out of range");
            total = sum.longValueExact();
        }
        return total;
    }

    /** Go {@code time.ParseDuration}; empty when the text is not a valid Go duration. */
    static OptionalLong parseGo(String s) {
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) return OptionalLong.of(0);
        if (i == s.length()) return OptionalLong.empty();
        BigInteger total = BigInteger.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isAsciiDigit(s.charAt(i))) i++;
            boolean pre = i > start;
            String intPart = s.substring(start, i);
            String frac = "";
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && isAsciiDigit(s.charAt(i))) i++;
                frac = s.substring(fs, i);
                post = i > fs;
            }
            if (!pre && !post) return OptionalLong.empty();
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !isAsciiDigit(s.charAt(i))) i++;
            if (us == i) return OptionalLong.empty();
            long unit;
            switch (s.substring(us, i)) {
                case "ns" -> unit = 1L;
                case "us", "\u00b5s", "\u03bcs" -> unit = 1_000L;
                case "ms" -> unit = 1_000_000L;
                case "s" -> unit = 1_000_000_000L;
                case "m" -> unit = 60_000_000_000L;
                case "h" -> unit = 3_600_000_000_000L;
                default -> {
                    return OptionalLong.empty();
                }
            }
            BigDecimal v = new BigDecimal((intPart.isEmpty() ? "0" : intPart) + (frac.isEmpty() ? "" : "." + frac));
            total = total.add(v.multiply(BigDecimal.valueOf(unit)).toBigInteger());
            if (total.bitLength() > 63) return OptionalLong.empty();
        }
        long r = total.longValueExact();
        return OptionalLong.of(neg ? -r : r);
    }

    /** LogQL duration tokens: a Prometheus duration, else a Go duration. */
    static OptionalLong parseLogQL(String s) {
        try {
            return OptionalLong.of(parsePrometheus(s));
        } catch (DurationException e) {
            // not a Prometheus duration: Loki falls back to Go's syntax, which also allows fractions
            return parseGo(s);
        }
    }

    /**
     * Prometheus {@code model.Duration.String()}: millisecond precision, e.g. {@code 1h30m}, {@code 0s}. A negative
     * duration (possible for {@code offset -1h}) gets a leading minus, which reads back as a Go duration.
     */
    static String formatPrometheus(long nanos) {
        if (nanos < 0) return "-" + formatPrometheus(nanos == Long.MIN_VALUE ? Long.MAX_VALUE : -nanos);
        long ms = nanos / NANOS_PER_MS;
        if (ms == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        long[] mults = {365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L};
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int k = 0; k < mults.length; k++) {
            if (k < 2 && ms % mults[k] != 0) continue;
            long v = ms / mults[k];
            if (v > 0) {
                sb.append(v).append(units[k]);
                ms -= v * mults[k];
            }
        }
        return sb.toString();
    }

    /** Go {@code time.Duration.String()}, e.g. {@code 1h0m0s}, {@code 1.5s}, {@code 500ms}, {@code 0s}. */
    static String formatGo(long nanos) {
        if (nanos == 0) return "0s";
        boolean neg = nanos < 0;
        BigInteger u = BigInteger.valueOf(nanos).abs();
        StringBuilder sb = new StringBuilder();
        if (u.compareTo(BigInteger.valueOf(1_000_000_000L)) < 0) {
            long v = u.longValue();
            if (v < 1_000) {
                sb.append(v).append("ns");
            } else if (v < 1_000_000) {
                sb.append(fraction(v, 3)).append("\u00b5s");
            } else {
                sb.append(fraction(v, 6)).append("ms");
            }
        } else {
            BigInteger[] sr = u.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
            long secs = sr[0].longValue();
            long fracNanos = sr[1].longValue();
            long h = secs / 3600;
            long m = (secs % 3600) / 60;
            long s = secs % 60;
            if (h > 0) sb.append(h).append('h');
            if (h > 0 || m > 0) sb.append(m).append('m');
            sb.append(fraction(s * 1_000_000_000L + fracNanos, 9)).append('s');
        }
        return neg ? "-" + sb : sb.toString();
    }

    private static String fraction(long v, int digits) {
        long div = 1;
        for (int i = 0; i < digits; i++) div *= 10;
        long whole = v / div;
        long frac = v % div;
        if (frac == 0) return Long.toString(whole);
        String f = String.format("%0" + digits + "d", frac);
        int end = f.length();
        while (end > 0 && f.charAt(end - 1) == '0') end--;
        return whole + "." + f.substring(0, end);
    }

    /** {@code humanize.ParseBytes}: a number with an optional size suffix (B, kB, KiB, M, ...); empty if invalid. */
    static OptionalLong parseBytes(String s) {
        int last = 0;
        boolean comma = false;
        while (last < s.length()) {
            char c = s.charAt(last);
            if (!(Character.isDigit(c) || c == '.' || c == ',')) break;
            if (c == ',') comma = true;
            last++;
        }
        String num = s.substring(0, last);
        if (comma) num = num.replace(",", "");
        double f;
        try {
            if (num.isEmpty() || !num.matches("[0-9]*\\.?[0-9]*")) return OptionalLong.empty();
            f = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        String extra = s.substring(last).strip().toLowerCase(java.util.Locale.ROOT);
        long m;
        switch (extra) {
            case "", "b" -> m = 1L;
            case "kib", "ki" -> m = 1L << 10;
            case "kb", "k" -> m = 1_000L;
            case "mib", "mi" -> m = 1L << 20;
            case "mb", "m" -> m = 1_000_000L;
            case "gib", "gi" -> m = 1L << 30;
            case "gb", "g" -> m = 1_000_000_000L;
            case "tib", "ti" -> m = 1L << 40;
            case "tb", "t" -> m = 1_000_000_000_000L;
            case "pib", "pi" -> m = 1L << 50;
            case "pb", "p" -> m = 1_000_000_000_000_000L;
            case "eib", "ei" -> m = 1L << 60;
            case "eb", "e" -> m = 1_000_000_000_000_000_000L;
            default -> {
                return OptionalLong.empty();
            }
        }
        double r = f * m;
        if (r >= 0x1p63) return OptionalLong.empty();
        return OptionalLong.of((long) r);
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String goQuote(String s) {
        return io.norn.model.GoQuote.quote(s);
    }
}
