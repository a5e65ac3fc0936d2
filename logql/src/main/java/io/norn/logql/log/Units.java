package io.norn.logql.log;

import io.norn.model.GoQuote;
import io.norn.model.HumanBytes;

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

    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        for (int i = 0; i < POWERS_OF_TEN.length; i++) POWERS_OF_TEN[i] = Double.parseDouble("1e" + i);
    }

    private static final int MAX_PLAIN_DIGITS = 15;

    /**
     * {@code [+-]digits[.digits]} with at least one and at most 15 digits, as a double; NaN for anything else.
     * The digits fit a double exactly and so does the power of ten, so one division rounds exactly as a full
     * parse would. Allocation-free: the common case of numeric label filters and {@code unwrap}.
     */
    static double plainDecimal(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (i < end && (b[i] == '-' || b[i] == '+')) negative = b[i++] == '-';
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < end; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (fraction >= 0) fraction++;
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0 || digits > MAX_PLAIN_DIGITS) return Double.NaN;
        double v = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
        return negative ? -v : v;
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
        int n = s.length();
        int i = 0;
        long d = 0;
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (n - i == 1 && s.charAt(i) == '0') return Parsed.ofLong(0);
        if (i == n) return invalidDuration(s);
        // Go's algorithm, on indexes so that label filters allocate nothing per line.
        while (i < n) {
            long v = 0;
            long f = 0;
            double scale = 1;
            if (!(s.charAt(i) == '.' || isDigit(s, i))) return invalidDuration(s);
            int start = i;
            boolean overflow = false;
            while (isDigit(s, i)) {
                if (v > (Long.MAX_VALUE - 9) / 10) overflow = true;
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (overflow) return invalidDuration(s);
            boolean pre = i != start;
            boolean post = false;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                while (isDigit(s, i)) {
                    if (f <= (Long.MAX_VALUE - 9) / 10) {
                        f = f * 10 + (s.charAt(i) - '0');
                        scale *= 10;
                    }
                    i++;
                }
                post = i != fracStart;
            }
            if (!pre && !post) return invalidDuration(s);
            int unitStart = i;
            while (i < n && s.charAt(i) != '.' && !isDigit(s, i)) i++;
            if (i == unitStart) return Parsed.failed("time: missing unit in duration " + GoQuote.quote(s));
            long unit = unitNanos(s, unitStart, i);
            if (unit < 0) {
                return Parsed.failed("time: unknown unit " + GoQuote.quote(s.substring(unitStart, i)) + " in duration " + GoQuote.quote(s));
            }
            if (v > Long.MAX_VALUE / unit) return invalidDuration(s);
            v *= unit;
            if (f > 0) {
                v += (long) ((double) f * ((double) unit / scale));
                if (v < 0) return invalidDuration(s);
            }
            d += v;
            if (d < 0) return invalidDuration(s);
        }
        return Parsed.ofLong(neg ? -d : d);
    }

    /** Nanoseconds of the unit {@code s[from, to)}, or -1 when Go does not know it. */
    private static long unitNanos(String s, int from, int to) {
        return switch (to - from) {
            case 1 -> switch (s.charAt(from)) {
                case 's' -> 1_000_000_000L;
                case 'm' -> 60_000_000_000L;
                case 'h' -> 3_600_000_000_000L;
                default -> -1L;
            };
            case 2 -> {
                char a = s.charAt(from);
                if (s.charAt(from + 1) != 's') yield -1L;
                yield switch (a) {
                    case 'n' -> 1L;
                    case 'u', '\u00b5', '\u03bc' -> 1_000L;
                    case 'm' -> 1_000_000L;
                    default -> -1L;
                };
            }
            default -> -1L;
        };
    }

    private static Parsed invalidDuration(String orig) {
        return Parsed.failed("time: invalid duration " + GoQuote.quote(orig));
    }

    private static boolean isDigit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    /** go-humanize's {@code ParseBytes}: "3MB", "2 MiB", "1,024 kB", "42". */
    public static Parsed parseBytes(String s) {
        HumanBytes.Result r = HumanBytes.parse(s);
        if (!r.ok()) return Parsed.failed(r.error().orElseThrow());
        long bytes = r.bytes() >= 9.223372036854775807E18 ? Long.MAX_VALUE : (long) r.bytes();
        return new Parsed(true, bytes, bytes, "");
    }

    private static final String[] SI_SIZES = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    /**
     * go-humanize's {@code Bytes}: SI units (base 1000), one decimal below 10 and none from 10 on, the value rounded
     * half up to a tenth first, e.g. {@code 2097152 -> "2.1 MB"}, {@code 999 -> "999 B"}, {@code 1500000 -> "1.5 MB"}.
     */
    public static String formatBytesSi(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative size: " + bytes);
        if (bytes < 10) return bytes + " B";
        double s = bytes;
        int e = (int) Math.floor(Math.log(s) / Math.log(1000));
        double val = Math.floor(s / Math.pow(1000, e) * 10 + 0.5) / 10;
        // Go's %.Nf rounds the exact binary value half to even
        java.math.BigDecimal exact = new java.math.BigDecimal(val);
        String digits = exact.setScale(val < 10 ? 1 : 0, java.math.RoundingMode.HALF_EVEN).toPlainString();
        return digits + " " + SI_SIZES[e];
    }
}
