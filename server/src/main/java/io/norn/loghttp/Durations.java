package io.norn.loghttp;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go and Prometheus duration syntax, and Loki's byte sizes. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d|w|y)");

    private Durations() {
    }

    /** Parses {@code 1h30m}, {@code 500ms}, {@code 7d} (Go units plus Prometheus d/w/y); "0" is zero. */
    public static Duration parse(String s) {
        String v = s.trim();
        if (v.equals("0")) return Duration.ZERO;
        boolean negative = v.startsWith("-");
        if (negative || v.startsWith("+")) v = v.substring(1);
        if (v.isEmpty()) throw new IllegalArgumentException("invalid duration \"" + s + "\"");
        Matcher m = PART.matcher(v);
        int pos = 0;
        double nanos = 0;
        while (pos < v.length()) {
            if (!m.find(pos) || m.start() != pos) throw new IllegalArgumentException("invalid duration \"" + s + "\"");
            double n = Double.parseDouble(m.group(1));
            nanos += n * unitNanos(m.group(2));
            pos = m.end();
        }
        long total = (long) nanos;
        return Duration.ofNanos(negative ? -total : total);
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            case "w" -> 7 * 86400e9;
            case "y" -> 365 * 86400e9;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    }

    /** Integer bytes or {@code <n><unit>} with B KB MB GB TB PB EB (1 KB = 1024 B), case-insensitive. */
    public static long parseBytes(String s) {
        String v = s.trim().toUpperCase(java.util.Locale.ROOT).replace("IB", "B");
        int i = 0;
        while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) i++;
        if (i == 0) throw new IllegalArgumentException("invalid byte size \"" + s + "\"");
        double n = Double.parseDouble(v.substring(0, i));
        String unit = v.substring(i).trim();
        long mult = switch (unit) {
            case "", "B" -> 1L;
            case "K", "KB" -> 1L << 10;
            case "M", "MB" -> 1L << 20;
            case "G", "GB" -> 1L << 30;
            case "T", "TB" -> 1L << 40;
            case "P", "PB" -> 1L << 50;
            case "E", "EB" -> 1L << 60;
            default -> throw new IllegalArgumentException("invalid byte size \"" + s + "\"");
        };
        return (long) (n * mult);
    }

    /** Go's {@code time.Duration.String()}: {@code 745h0m0s}, {@code 1.5s}, {@code 0s}. */
    public static String goString(Duration d) {
        long ns = d.toNanos();
        if (ns == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        if (ns < 0) {
            sb.append('-');
            ns = -ns;
        }
        if (ns < 1_000_000_000L) {
            if (ns < 1_000) return sb.append(ns).append("ns").toString();
            if (ns < 1_000_000) return sb.append(trimFraction(ns / 1e3)).append("µs").toString();
            return sb.append(trimFraction(ns / 1e6)).append("ms").toString();
        }
        long h = ns / 3_600_000_000_000L;
        long m = ns / 60_000_000_000L % 60;
        double sec = (ns % 60_000_000_000L) / 1e9;
        if (h > 0) sb.append(h).append('h');
        if (h > 0 || m > 0) sb.append(m).append('m');
        return sb.append(trimFraction(sec)).append('s').toString();
    }

    /** Prometheus' model.Duration rendering: largest units first, e.g. {@code 30d1h}, {@code 1w}. */
    public static String promString(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        long[] sizes = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            long n = ms / sizes[i];
            if (n > 0) {
                sb.append(n).append(units[i]);
                ms -= n * sizes[i];
            }
        }
        return sb.toString();
    }

    private static String trimFraction(double v) {
        String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s;
    }
}
