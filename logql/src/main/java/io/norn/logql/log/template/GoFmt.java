package io.norn.logql.log.template;

import io.norn.logql.log.template.GoValues.GoTime;
import io.norn.logql.log.template.GoValues.Int64;
import io.norn.logql.log.template.GoValues.LabelData;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Go's {@code fmt} printing for template values: {@code Sprint}, {@code Sprintln}, {@code Sprintf} and %v. */
final class GoFmt {
    private GoFmt() {
    }

    // ---------------------------------------------------------------- %v

    /** Appends {@code v} as {@code fmt.Sprint(v)} would (nil prints {@code <nil>}). */
    static void appendValue(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("<nil>");
            case String s -> sb.append(s);
            case Long l -> sb.append(l.longValue());
            case Int64 l -> sb.append(l.value());
            case Double d -> appendFloat(sb, d, 'g', -1);
            case Boolean b -> sb.append(b.booleanValue());
            case GoTime t -> GoTimeFormat.appendString(sb, t);
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) sb.append(' ');
                    appendValue(sb, l.get(i));
                }
                sb.append(']');
            }
            case LabelData d -> appendMap(sb, d.sorted(), 'v', null);
            case Map<?, ?> m -> appendMap(sb, m, 'v', null);
            default -> sb.append("<nil>");
        }
    }

    static String toString(Object v) {
        if (v instanceof String s) return s;
        StringBuilder sb = new StringBuilder();
        appendValue(sb, v);
        return sb.toString();
    }

    private static void appendMap(StringBuilder sb, Map<?, ?> m, int verb, Spec spec) {
        sb.append("map[");
        Map<?, ?> sorted = m instanceof TreeMap<?, ?> ? m : new TreeMap<>(m);
        boolean first = true;
        for (Map.Entry<?, ?> e : sorted.entrySet()) {
            if (!first) sb.append(' ');
            first = false;
            if (spec == null) {
                appendValue(sb, e.getKey());
                sb.append(':');
                appendValue(sb, e.getValue());
            } else {
                printArg(sb, e.getKey(), verb, spec);
                sb.append(':');
                printArg(sb, e.getValue(), verb, spec);
            }
        }
        sb.append(']');
    }

    /** fmt.Sprint: spaces between operands when neither side is a string. */
    static String sprint(Object[] args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (i > 0 && args[i] != null && !(args[i] instanceof String) && args[i - 1] != null && !(args[i - 1] instanceof String)) {
                sb.append(' ');
            }
            appendValue(sb, args[i]);
        }
        return sb.toString();
    }

    static String sprintln(Object[] args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (i > 0) sb.append(' ');
            appendValue(sb, args[i]);
        }
        return sb.append('\n').toString();
    }

    // ---------------------------------------------------------------- floats (strconv)

    /** Decimal digits (no leading/trailing zeros) and decimal point position of |d|; digits empty for zero. */
    private record Digits(String d, int dp) {
    }

    private static Digits shortest(double abs) {
        if (abs == 0) return new Digits("", 0);
        String s = Double.toString(abs);
        int e = s.indexOf('E');
        int exp = 0;
        String mant = s;
        if (e >= 0) {
            exp = Integer.parseInt(s.substring(e + 1));
            mant = s.substring(0, e);
        }
        int dot = mant.indexOf('.');
        String digits = mant.substring(0, dot) + mant.substring(dot + 1);
        int dp = dot + exp;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') lead++;
        digits = digits.substring(lead);
        dp -= lead;
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') end--;
        return new Digits(digits.substring(0, end), dp);
    }

    private static Digits rounded(double abs, int significant) {
        if (abs == 0) return new Digits("", 0);
        BigDecimal b = new BigDecimal(abs).round(new MathContext(significant, RoundingMode.HALF_EVEN));
        String u = b.unscaledValue().toString();
        int dp = u.length() - b.scale();
        int end = u.length();
        while (end > 0 && u.charAt(end - 1) == '0') end--;
        return new Digits(u.substring(0, end), dp);
    }

    /** strconv.FormatFloat(d, fmt, prec, 64) for fmt in e E f F g G. */
    static void appendFloat(StringBuilder sb, double d, char fmt, int prec) {
        if (Double.isNaN(d)) {
            sb.append("NaN");
            return;
        }
        if (Double.isInfinite(d)) {
            sb.append(d > 0 ? "+Inf" : "-Inf");
            return;
        }
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        double abs = Math.abs(d);
        if (neg) sb.append('-');
        boolean shortest = prec < 0;
        char lower = Character.toLowerCase(fmt);
        Digits digs;
        if (lower == 'f') {
            if (shortest) {
                digs = shortest(abs);
                appendF(sb, digs, Math.max(digs.d.length() - digs.dp, 0));
            } else {
                String s = new BigDecimal(abs).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
                sb.append(s);
            }
            return;
        }
        if (lower == 'e') {
            if (shortest) {
                digs = shortest(abs);
                appendE(sb, digs, Math.max(digs.d.length() - 1, 0), fmt);
            } else {
                digs = rounded(abs, prec + 1);
                appendE(sb, digs, prec, fmt);
            }
            return;
        }
        // g / G
        int eprec;
        if (shortest) {
            digs = shortest(abs);
            eprec = 6;
            prec = digs.d.length();
        } else {
            if (prec == 0) prec = 1;
            digs = rounded(abs, prec);
            eprec = prec;
            if (eprec > digs.d.length() && digs.d.length() >= digs.dp) eprec = digs.d.length();
        }
        int nd = digs.d.length();
        int exp = digs.dp - 1;
        if (nd == 0) exp = 0;
        if (exp < -4 || exp >= eprec) {
            if (prec > nd) prec = nd;
            appendE(sb, digs, Math.max(prec - 1, 0), fmt == 'G' ? 'E' : 'e');
            return;
        }
        if (prec > digs.dp) prec = nd;
        appendF(sb, digs, Math.max(prec - digs.dp, 0));
    }

    private static char digitAt(Digits d, int i) {
        return i >= 0 && i < d.d.length() ? d.d.charAt(i) : '0';
    }

    private static void appendE(StringBuilder sb, Digits d, int prec, char fmt) {
        sb.append(d.d.isEmpty() ? '0' : d.d.charAt(0));
        if (prec > 0) {
            sb.append('.');
            for (int i = 1; i <= prec; i++) sb.append(digitAt(d, i));
        }
        sb.append(fmt);
        int exp = d.d.isEmpty() ? 0 : d.dp - 1;
        sb.append(exp < 0 ? '-' : '+');
        exp = Math.abs(exp);
        if (exp < 10) sb.append('0');
        sb.append(exp);
    }

    private static void appendF(StringBuilder sb, Digits d, int prec) {
        if (d.dp > 0) {
            for (int i = 0; i < d.dp; i++) sb.append(digitAt(d, i));
        } else {
            sb.append('0');
        }
        if (prec > 0) {
            sb.append('.');
            for (int i = 0; i < prec; i++) sb.append(digitAt(d, d.dp + i));
        }
    }

    // ---------------------------------------------------------------- printf

    private static final class Spec {
        boolean plus, minus, sharp, space, zero;
        int wid = -1;
        int prec = -1;

        void clear() {
            plus = minus = sharp = space = zero = false;
            wid = prec = -1;
        }
    }

    static String sprintf(String format, Object[] args) {
        StringBuilder sb = new StringBuilder(format.length() + 16);
        Spec spec = new Spec();
        int argNum = 0;
        boolean reordered = false;
        int end = format.length();
        int i = 0;
        while (i < end) {
            int lasti = i;
            while (i < end && format.charAt(i) != '%') i++;
            if (i > lasti) sb.append(format, lasti, i);
            if (i >= end) break;
            i++;
            spec.clear();
            flags:
            for (; i < end; i++) {
                switch (format.charAt(i)) {
                    case '#' -> spec.sharp = true;
                    case '0' -> spec.zero = !spec.minus;
                    case '+' -> spec.plus = true;
                    case '-' -> {
                        spec.minus = true;
                        spec.zero = false;
                    }
                    case ' ' -> spec.space = true;
                    default -> {
                        break flags;
                    }
                }
            }
            // argument index
            int[] idx = argIndex(format, i, argNum, args.length);
            if (idx != null) {
                argNum = idx[0];
                i = idx[1];
                reordered = true;
            }
            if (i < end && format.charAt(i) == '*') {
                i++;
                if (argNum < args.length && (args[argNum] instanceof Long || args[argNum] instanceof Int64)) {
                    long w = GoNumbers.toInt64(args[argNum]);
                    argNum++;
                    if (w < 0) {
                        spec.minus = true;
                        spec.zero = false;
                        w = -w;
                    }
                    spec.wid = (int) Math.min(w, 1_000_000);
                } else {
                    if (argNum < args.length) argNum++;
                    sb.append("%!(BADWIDTH)");
                }
            } else {
                int start = i;
                while (i < end && Character.isDigit(format.charAt(i))) i++;
                if (i > start) spec.wid = (int) Math.min(Long.parseLong(format.substring(start, Math.min(i, start + 9))), 1_000_000);
            }
            if (i + 1 <= end && i < end && format.charAt(i) == '.') {
                i++;
                idx = argIndex(format, i, argNum, args.length);
                if (idx != null) {
                    argNum = idx[0];
                    i = idx[1];
                    reordered = true;
                }
                if (i < end && format.charAt(i) == '*') {
                    i++;
                    if (argNum < args.length && (args[argNum] instanceof Long || args[argNum] instanceof Int64)) {
                        long p = GoNumbers.toInt64(args[argNum]);
                        argNum++;
                        spec.prec = p < 0 ? -1 : (int) Math.min(p, 1_000_000);
                        if (p < 0) sb.append("%!(BADPREC)");
                    } else {
                        if (argNum < args.length) argNum++;
                        sb.append("%!(BADPREC)");
                    }
                } else {
                    int start = i;
                    while (i < end && Character.isDigit(format.charAt(i))) i++;
                    spec.prec = i > start ? (int) Math.min(Long.parseLong(format.substring(start, Math.min(i, start + 9))), 1_000_000) : 0;
                }
            }
            if (i >= end) {
                sb.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                sb.append('%');
            } else if (argNum >= args.length) {
                sb.append("%!").appendCodePoint(verb).append("(MISSING)");
            } else {
                printArg(sb, args[argNum], verb, spec);
                argNum++;
            }
        }
        if (!reordered && argNum < args.length) {
            sb.append("%!(EXTRA ");
            for (int k = argNum; k < args.length; k++) {
                if (k > argNum) sb.append(", ");
                Object a = args[k];
                if (a == null) {
                    sb.append("<nil>");
                } else {
                    sb.append(GoValues.typeName(a)).append('=');
                    appendValue(sb, a);
                }
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** Parses an explicit argument index {@code [n]}; returns {new argNum, new i} or null. */
    private static int[] argIndex(String format, int i, int argNum, int numArgs) {
        if (i >= format.length() || format.charAt(i) != '[') return null;
        int close = format.indexOf(']', i);
        if (close < 0) return null;
        try {
            int n = Integer.parseInt(format.substring(i + 1, close));
            if (n < 1 || n > numArgs) return null;
            return new int[]{n - 1, close + 1};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void printArg(StringBuilder sb, Object arg, int verb, Spec spec) {
        if (arg == null || arg == GoValues.TYPED_NIL) {
            if (verb == 'T' || verb == 'v') pad(sb, "<nil>", spec);
            else badVerb(sb, verb, null);
            return;
        }
        if (verb == 'T') {
            pad(sb, GoValues.typeName(arg), spec);
            return;
        }
        switch (arg) {
            case Boolean b -> {
                if (verb == 't' || verb == 'v') pad(sb, b.toString(), spec);
                else badVerb(sb, verb, arg);
            }
            case Double d -> {
                switch (verb) {
                    case 'v' -> fmtFloat(sb, d, 'g', -1, spec, true);
                    case 'e', 'E', 'f', 'F', 'g', 'G' -> fmtFloat(sb, d, (char) verb, spec.prec, spec, false);
                    default -> badVerb(sb, verb, arg);
                }
            }
            case Long l -> fmtInteger(sb, l, verb, spec, arg);
            case Int64 l -> fmtInteger(sb, l.value(), verb, spec, arg);
            case String s -> fmtString(sb, s, verb, spec, arg);
            case GoTime t -> {
                if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
                    StringBuilder ts = new StringBuilder();
                    GoTimeFormat.appendString(ts, t);
                    fmtString(sb, ts.toString(), verb, spec, arg);
                } else {
                    badVerb(sb, verb, arg);
                }
            }
            case List<?> l -> {
                sb.append('[');
                for (int k = 0; k < l.size(); k++) {
                    if (k > 0) sb.append(' ');
                    printArg(sb, l.get(k), verb, spec);
                }
                sb.append(']');
            }
            case LabelData d -> appendMap(sb, d.sorted(), verb, spec);
            case Map<?, ?> m -> appendMap(sb, m, verb, spec);
            default -> badVerb(sb, verb, arg);
        }
    }

    private static void badVerb(StringBuilder sb, int verb, Object arg) {
        sb.append("%!").appendCodePoint(verb).append('(');
        if (arg == null) {
            sb.append("<nil>");
        } else {
            sb.append(GoValues.typeName(arg)).append('=');
            appendValue(sb, arg);
        }
        sb.append(')');
    }

    private static void pad(StringBuilder sb, String s, Spec spec) {
        int n = spec.wid < 0 ? 0 : spec.wid - s.codePointCount(0, s.length());
        if (n <= 0) {
            sb.append(s);
            return;
        }
        if (spec.minus) {
            sb.append(s);
            sb.repeat(' ', n);
        } else {
            sb.repeat(spec.zero ? '0' : ' ', n);
            sb.append(s);
        }
    }

    private static void fmtString(StringBuilder sb, String s, int verb, Spec spec, Object arg) {
        switch (verb) {
            case 'v', 's' -> {
                String t = s;
                if (spec.prec >= 0 && s.codePointCount(0, s.length()) > spec.prec) {
                    t = s.substring(0, s.offsetByCodePoints(0, spec.prec));
                }
                pad(sb, t, spec);
            }
            case 'q' -> {
                String t = s;
                if (spec.prec >= 0 && s.codePointCount(0, s.length()) > spec.prec) {
                    t = s.substring(0, s.offsetByCodePoints(0, spec.prec));
                }
                if (spec.sharp && t.indexOf('`') < 0 && t.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f))) {
                    pad(sb, "`" + t + "`", spec);
                } else {
                    pad(sb, spec.plus ? asciiQuote(t) : GoText.quote(t), spec);
                }
            }
            case 'x', 'X' -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                int len = spec.prec >= 0 ? Math.min(spec.prec, b.length) : b.length;
                String digits = verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
                StringBuilder h = new StringBuilder();
                for (int k = 0; k < len; k++) {
                    if (spec.space && k > 0) h.append(' ');
                    if (spec.sharp && (spec.space || k == 0)) h.append(verb == 'x' ? "0x" : "0X");
                    h.append(digits.charAt((b[k] >> 4) & 0xf)).append(digits.charAt(b[k] & 0xf));
                }
                pad(sb, h.toString(), spec);
            }
            default -> badVerb(sb, verb, arg);
        }
    }

    private static String asciiQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        String q = GoText.quote(s);
        for (int k = 1; k < q.length() - 1; ) {
            int c = q.codePointAt(k);
            if (c < 0x80) sb.append((char) c);
            else if (c < 0x10000) sb.append(String.format("\\u%04x", c));
            else sb.append(String.format("\\U%08x", c));
            k += Character.charCount(c);
        }
        return sb.append('"').toString();
    }

    private static void fmtInteger(StringBuilder sb, long v, int verb, Spec spec, Object arg) {
        switch (verb) {
            case 'v', 'd' -> integer(sb, v, 10, verb, spec, "0123456789abcdef");
            case 'b' -> integer(sb, v, 2, verb, spec, "0123456789abcdef");
            case 'o', 'O' -> integer(sb, v, 8, verb, spec, "0123456789abcdef");
            case 'x' -> integer(sb, v, 16, verb, spec, "0123456789abcdef");
            case 'X' -> integer(sb, v, 16, verb, spec, "0123456789ABCDEF");
            case 'c' -> pad(sb, validRune(v) ? new String(Character.toChars((int) v)) : "\uFFFD", spec);
            case 'q' -> {
                String ch = validRune(v) ? new String(Character.toChars((int) v)) : "\uFFFD";
                String q = GoText.quote(ch);
                String inner = q.substring(1, q.length() - 1);
                if (inner.equals("\\\"")) inner = "\"";
                if (inner.equals("'")) inner = "\\'";
                pad(sb, "'" + inner + "'", spec);
            }
            case 'U' -> {
                String hex = Long.toHexString(v).toUpperCase();
                StringBuilder u = new StringBuilder("U+");
                u.repeat('0', Math.max(0, Math.max(4, spec.prec) - hex.length())).append(hex);
                if (spec.sharp && validRune(v) && GoText.isPrint((int) v)) u.append(" '").appendCodePoint((int) v).append('\'');
                pad(sb, u.toString(), spec);
            }
            default -> badVerb(sb, verb, arg);
        }
    }

    private static boolean validRune(long v) {
        return v >= 0 && v <= 0x10FFFF && !(v >= 0xD800 && v < 0xE000);
    }

    private static void integer(StringBuilder sb, long v, int base, int verb, Spec spec, String digits) {
        boolean neg = v < 0;
        String mag = neg ? (v == Long.MIN_VALUE ? new java.math.BigInteger(Long.toString(v)).negate().toString(base)
                : Long.toString(-v, base)) : Long.toString(v, base);
        if (digits.charAt(10) == 'A') mag = mag.toUpperCase();
        int prec = 0;
        if (spec.prec >= 0) {
            prec = spec.prec;
            if (prec == 0 && v == 0) {
                int w = spec.wid;
                spec.zero = false;
                if (w > 0) sb.repeat(' ', w);
                return;
            }
        } else if (spec.zero && spec.wid > 0 && !spec.minus) {
            prec = spec.wid;
            if (neg || spec.plus || spec.space) prec--;
        }
        StringBuilder s = new StringBuilder();
        if (neg) s.append('-');
        else if (spec.plus) s.append('+');
        else if (spec.space) s.append(' ');
        if (spec.sharp) {
            switch (base) {
                case 2 -> s.append("0b");
                case 8 -> {
                    if (!mag.startsWith("0") && verb != 'O') s.append('0');
                }
                case 16 -> s.append(verb == 'X' ? "0X" : "0x");
                default -> {
                }
            }
        }
        if (verb == 'O') s.append("0o");
        for (int k = mag.length(); k < prec; k++) s.append('0');
        s.append(mag);
        boolean zero = spec.zero;
        spec.zero = false;
        pad(sb, s.toString(), spec);
        spec.zero = zero;
    }

    private static void fmtFloat(StringBuilder sb, double d, char verb, int prec, Spec spec, boolean isV) {
        StringBuilder num = new StringBuilder();
        char f = verb == 'F' ? 'f' : verb;
        if (isV) appendFloat(num, d, 'g', -1);
        else appendFloat(num, d, f, prec < 0 && (f == 'e' || f == 'E' || f == 'f') ? 6 : prec);
        if (num.charAt(0) != '-' && num.charAt(0) != '+') {
            if (spec.plus) num.insert(0, '+');
            else if (spec.space) num.insert(0, ' ');
        } else if (num.charAt(0) == '+' && spec.space && !spec.plus) {
            num.setCharAt(0, ' ');
        }
        boolean special = Double.isInfinite(d) || Double.isNaN(d);
        if (spec.zero && !spec.minus && spec.wid > num.length() && !special) {
            int signLen = (num.charAt(0) == '-' || num.charAt(0) == '+' || num.charAt(0) == ' ') ? 1 : 0;
            sb.append(num, 0, signLen);
            sb.repeat('0', spec.wid - num.length());
            sb.append(num, signLen, num.length());
            return;
        }
        boolean zero = spec.zero;
        if (special) spec.zero = false;
        pad(sb, num.toString(), spec);
        spec.zero = zero;
    }
}
