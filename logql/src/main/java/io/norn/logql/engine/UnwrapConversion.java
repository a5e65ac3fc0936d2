package io.norn.logql.engine;

/**
 * Conversions of unwrapped label values to numbers, as Loki does them: Go's {@code strconv.ParseFloat},
 * Go durations ({@code duration()}, {@code duration_seconds()}: seconds) and humanized byte sizes
 * ({@code bytes()}). A failure throws {@link IllegalArgumentException} whose message is Go's error text.
 */
enum UnwrapConversion {
    FLOAT, DURATION, BYTES;

    double convert(String s) {
        return switch (this) {
            case FLOAT -> parseFloat(s);
            case DURATION -> parseDurationSeconds(s);
            case BYTES -> parseBytes(s);
        };
    }

    static double parseFloat(String s) {
        double v = tryParseFloat(s);
        if (Double.isNaN(v) && !isNaNText(s)) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing " + io.norn.model.GoQuote.quote(s) + ": invalid syntax");
        }
        return v;
    }

    private static boolean isNaNText(String s) {
        return s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("+nan") || s.equalsIgnoreCase("-nan");
    }

    /** NaN when the text is not a Go float literal (callers tell NaN literals apart). */
    private static double tryParseFloat(String s) {
        if (s.isEmpty()) return Double.NaN;
        String body = s.charAt(0) == '+' || s.charAt(0) == '-' ? s.substring(1) : s;
        boolean negative = s.charAt(0) == '-';
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (body.equalsIgnoreCase("nan")) return Double.NaN;
        boolean hex = body.length() > 2 && body.charAt(0) == '0' && (body.charAt(1) == 'x' || body.charAt(1) == 'X');
        if (body.indexOf('_') >= 0) {
            // Go allows underscores only between digits of prefixed literals
            if (!hex) return Double.NaN;
            body = body.replace("_", "");
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
                    || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == 'x' || c == 'X' || c == 'p' || c == 'P');
            if (!ok) return Double.NaN;
        }
        try {
            double v = Double.parseDouble(hex ? (body.contains("p") || body.contains("P") ? body : body + "p0") : body);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Go's time.ParseDuration, in seconds. */
    static double parseDurationSeconds(String s) {
        String orig = s;
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) return 0;
        if (i == s.length()) throw invalidDuration(orig);
        double totalNanos = 0;
        while (i < s.length()) {
            int startNum = i;
            long whole = 0;
            boolean overflow = false;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                whole = whole * 10 + (s.charAt(i) - '0');
                if (whole < 0) overflow = true;
                i++;
            }
            boolean pre = i > startNum;
            double frac = 0;
            double scale = 1;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    frac = frac * 10 + (s.charAt(i) - '0');
                    scale *= 10;
                    i++;
                }
                post = i > fs;
            }
            if (!pre && !post || overflow) throw invalidDuration(orig);
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) i++;
            String unit = s.substring(us, i);
            double mult = switch (unit) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                case "" -> throw new IllegalArgumentException("time: missing unit in duration " + io.norn.model.GoQuote.quote(orig));
                default -> throw new IllegalArgumentException("time: unknown unit " + io.norn.model.GoQuote.quote(unit)
                        + " in duration " + io.norn.model.GoQuote.quote(orig));
            };
            totalNanos += (double) (long) (whole * mult) + (long) (frac * (mult / scale));
        }
        long nanos = (long) totalNanos;
        if (neg) nanos = -nanos;
        return (nanos / 1_000_000_000L) + (nanos % 1_000_000_000L) / 1e9;
    }

    private static IllegalArgumentException invalidDuration(String s) {
        return new IllegalArgumentException("time: invalid duration " + io.norn.model.GoQuote.quote(s));
    }

    /** go-humanize's ParseBytes. */
    static double parseBytes(String s) {
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
        double f = parseFloat(num);
        String extra = s.substring(last).strip().toLowerCase(java.util.Locale.ROOT);
        double m = switch (extra) {
            case "", "b" -> 1;
            case "kib", "ki" -> 1024d;
            case "kb", "k" -> 1e3;
            case "mib", "mi" -> Math.pow(1024, 2);
            case "mb", "m" -> 1e6;
            case "gib", "gi" -> Math.pow(1024, 3);
            case "gb", "g" -> 1e9;
            case "tib", "ti" -> Math.pow(1024, 4);
            case "tb", "t" -> 1e12;
            case "pib", "pi" -> Math.pow(1024, 5);
            case "pb", "p" -> 1e15;
            case "eib", "ei" -> Math.pow(1024, 6);
            case "eb", "e" -> 1e18;
            default -> throw new IllegalArgumentException("unhandled size name: " + extra);
        };
        f *= m;
        if (f >= 1.8446744073709552E19) throw new IllegalArgumentException("too large: " + s);
        return Math.floor(f);
    }
}
