package io.norn.logql.log.template;

import java.math.BigInteger;
import java.util.regex.Pattern;

/** Go's {@code strconv} number parsing and the loose conversions of the {@code cast} package sprig uses. */
final class GoNumbers {
    private GoNumbers() {
    }

    private static final Pattern DEC_FLOAT = Pattern.compile(
            "[+-]?(?:(?:[0-9](?:_?[0-9])*)?\\.?(?:[0-9](?:_?[0-9])*)?)(?:[eE][+-]?[0-9](?:_?[0-9])*)?");
    private static final Pattern HEX_FLOAT = Pattern.compile(
            "[+-]?0[xX](?:_?[0-9a-fA-F])*\\.?[0-9a-fA-F_]*[pP][+-]?[0-9](?:_?[0-9])*");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?i:inf|infinity|nan)");

    /**
     * {@code strconv.ParseInt(s, 0, 64)} (signed) or {@code ParseUint(s, 0, 64)} (unsigned; the value is the
     * two's complement bits). Returns null when Go would fail.
     */
    static Long parseInt(String s, boolean signed) {
        if (s.isEmpty()) return null;
        int i = 0;
        boolean neg = false;
        if (signed && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        int base = 10;
        boolean prefixed = false;
        if (s.length() - i >= 2 && s.charAt(i) == '0') {
            char c = Character.toLowerCase(s.charAt(i + 1));
            if (c == 'x') base = 16;
            else if (c == 'o') base = 8;
            else if (c == 'b') base = 2;
            if (base != 10) {
                i += 2;
                prefixed = true;
            } else {
                base = 8;
                i += 1;
                prefixed = true;
                if (i == s.length()) return 0L;
            }
        }
        String digits = s.substring(i);
        if (digits.isEmpty() && !(base == 8 && prefixed)) return null;
        if (digits.indexOf('_') >= 0) {
            if (!underscoreOk(s.substring(signed && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0))) return null;
            digits = digits.replace("_", "");
        }
        if (digits.isEmpty()) return null;
        for (int k = 0; k < digits.length(); k++) if (Character.digit(digits.charAt(k), base) < 0) return null;
        BigInteger v = new BigInteger(digits, base);
        if (neg) v = v.negate();
        if (signed) {
            if (v.bitLength() > 63) return null;
            return v.longValue();
        }
        if (v.signum() < 0 || v.bitLength() > 64) return null;
        return v.longValue();
    }

    private static boolean underscoreOk(String s) {
        char saw = '^';
        int i = 0;
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char c = Character.toLowerCase(s.charAt(1));
            if (c == 'x' || c == 'o' || c == 'b') {
                hex = c == 'x';
                i = 2;
                saw = '0';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || (hex && Character.digit(c, 16) >= 0)) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') return false;
                saw = '_';
                continue;
            }
            if (saw == '_') return false;
            saw = '!';
        }
        return saw != '_';
    }

    static double unsignedToDouble(long bits) {
        double d = (double) (bits >>> 1) * 2.0;
        return d + (bits & 1);
    }

    /** {@code strconv.ParseFloat(s, 64)}; null on a syntax error. Out-of-range values give ±Inf like Go (with an error there). */
    static Double parseFloat(String s) {
        if (s.isEmpty()) return null;
        if (SPECIAL.matcher(s).matches()) {
            String t = s.toLowerCase();
            if (t.endsWith("nan")) return t.length() == 3 ? Double.NaN : null;
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (HEX_FLOAT.matcher(s).matches()) {
            try {
                return Double.parseDouble(s.replace("_", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (!DEC_FLOAT.matcher(s).matches()) return null;
        String t = s;
        if (t.indexOf('_') >= 0) return null;
        String mant = t.replaceFirst("[eE].*$", "").replaceFirst("^[+-]", "");
        if (mant.isEmpty() || mant.equals(".")) return null;
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether a {@link #parseFloat} result overflowed (Go reports "value out of range"). */
    static boolean outOfRange(String s, double d) {
        return Double.isInfinite(d) && !SPECIAL.matcher(s).matches();
    }

    /** The cast package's ToInt64: numbers convert, strings parse (base prefixes honoured), anything else is 0. */
    static long toInt64(Object v) {
        return switch (v) {
            case Long l -> l;
            case GoValues.Int64 l -> l.value();
            case Double d -> (long) (double) d;
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                Long r = parseInt(trimZeroDecimal(s), true);
                yield r == null ? 0 : r;
            }
            case null, default -> 0L;
        };
    }

    /** The cast package's ToFloat64. */
    static double toFloat64(Object v) {
        return switch (v) {
            case Long l -> (double) l;
            case GoValues.Int64 l -> (double) l.value();
            case Double d -> d;
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                Double d = parseFloat(s);
                yield d == null || outOfRange(s, d) ? 0 : d;
            }
            case null, default -> 0.0;
        };
    }

    private static String trimZeroDecimal(String s) {
        boolean foundZero = false;
        for (int i = s.length(); i > 0; i--) {
            char c = s.charAt(i - 1);
            if (c == '.') {
                if (foundZero) return s.substring(0, i - 1);
            } else if (c == '0') {
                foundZero = true;
            } else {
                return s;
            }
        }
        return s;
    }
}
