package io.norn.logql.log;

import io.norn.model.GoQuote;

/**
 * Go's number, duration and byte-size parsing as Loki applies it to label values, with Go's error texts. Results
 * are returned through {@link Parsed}; nothing throws.
 */
public final class Units {
    private Units() {
    }

    /** A parse result: ok with a value, or the Go error text. */
    public record Parsed(boolean ok, double value, long nanosOrBytes, String error) {
        static Parsed ofDouble(double v) {
            return new Parsed(true, v, 0, "");
        }

        static Parsed ofLong(long v) {
            return new Parsed(true, v, v, "");
        }

        static Parsed failed(String error) {
            return new Parsed(false, 0, 0, error);
        }
    }

    /** Go's {@code strconv.ParseFloat(s, 64)}. */
    public static Parsed parseFloat(String s) {
        double v = parseFloatOrNaN(s);
        if (Double.isNaN(v) && !isNaNLiteral(s)) {
            return Parsed.failed("strconv.ParseFloat: parsing " + GoQuote.quote(s) + ": invalid syntax");
        }
        if (Double.isInfinite(v) && !isInfLiteral(s)) {
            return Parsed.failed("strconv.ParseFloat: parsing " + GoQuote.quote(s) + ": value out of range");
        }
        return Parsed.ofDouble(v);
    }

    private static boolean isNaNLiteral(String s) {
        return s.equalsIgnoreCase("nan");
    }

    private static boolean isInfLiteral(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    /** The float value, or NaN when {@code s} is not Go float syntax (NaN also for "nan"). */
    static double parseFloatOrNaN(String s) {
        int n = s.length();
        if (n == 0) return Double.NaN;
        if (isNaNLiteral(s)) return Double.NaN;
        if (isInfLiteral(s)) return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        int i = 0;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') i++;
        if (i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            try {
                return Double.parseDouble(s.replace("_", ""));
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 0x80) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) return Double.NaN;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) return Double.NaN;
        }
        if (i != n) return Double.NaN;
        return Double.parseDouble(s);
    }

    /** Go's {@code time.ParseDuration}: the duration in nanoseconds. */
    public static Parsed parseDuration(String s) {
        String orig = s;
        int i = 0;
        int n = s.length();
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) return Parsed.ofLong(0);
        if (i == n) return Parsed.failed("time: invalid duration " + GoQuote.quote(orig));
        double total = 0;
        while (i < n) {
            int start = i;
            long whole = 0;
            boolean overflow = false;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (whole > (Long.MAX_VALUE - 9) / 10) overflow = true;
                whole = whole * 10 + (s.charAt(i) - '0');
                i++;
            }
            boolean pre = i != start;
            double frac = 0;
            double scale = 1;
            boolean post = false;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    frac = frac * 10 + (s.charAt(i) - '0');
                    scale *= 10;
                    i++;
                }
                post = i != fs;
            }
            if (!pre && !post || overflow) return Parsed.failed("time: invalid duration " + GoQuote.quote(orig));
            int us = i;
            while (i < n && s.charAt(i) != '.' && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) i++;
            if (us == i) return Parsed.failed("time: missing unit in duration " + GoQuote.quote(orig));
            String u = s.substring(us, i);
            long unit = switch (u) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> -1L;
            };
            if (unit < 0) {
                return Parsed.failed("time: unknown unit " + GoQuote.quote(u) + " in duration " + GoQuote.quote(orig));
            }
            total += whole * (double) unit + (frac / scale) * unit;
            if (total > 9.223372036854775807E18) return Parsed.failed("time: invalid duration " + GoQuote.quote(orig));
        }
        long v = (long) total;
        return Parsed.ofLong(neg ? -v : v);
    }

    /** go-humanize's {@code ParseBytes}: "3MB", "2 MiB", "1,024 kB", "42". */
    public static Parsed parseBytes(String s) {
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
        Parsed f = parseFloat(num);
        if (!f.ok()) return f;
        String extra = s.substring(last).strip().toLowerCase(java.util.Locale.ROOT);
        double m = switch (extra) {
            case "", "b" -> 1;
            case "k", "kb" -> 1e3;
            case "ki", "kib" -> 1024;
            case "m", "mb" -> 1e6;
            case "mi", "mib" -> 1024.0 * 1024;
            case "g", "gb" -> 1e9;
            case "gi", "gib" -> Math.pow(1024, 3);
            case "t", "tb" -> 1e12;
            case "ti", "tib" -> Math.pow(1024, 4);
            case "p", "pb" -> 1e15;
            case "pi", "pib" -> Math.pow(1024, 5);
            case "e", "eb" -> 1e18;
            case "ei", "eib" -> Math.pow(1024, 6);
            default -> -1;
        };
        if (m < 0) return Parsed.failed("unhandled size name: " + extra);
        double v = f.value() * m;
        if (v >= 1.8446744073709552E19) return Parsed.failed("too large: " + s);
        long bytes = v >= 9.223372036854775807E18 ? Long.MAX_VALUE : (long) v;
        return new Parsed(true, bytes, bytes, "");
    }
}
