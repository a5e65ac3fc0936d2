package io.norn.logql.log.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.norn.logql.log.template.GoValues.GoTime;
import io.norn.logql.log.template.GoValues.Int64;
import io.norn.logql.log.template.GoValues.LabelData;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions a template may call: Go's built-ins and the function map Loki gives {@code line_format} and
 * {@code label_format} (its own functions plus the sprig subset it imports), with Go's argument types.
 */
final class Functions {
    private Functions() {
    }

    /** The Go type of a parameter, which decides how arguments are checked and converted. */
    enum Kind {
        STRING("string"), INT("int"), FLOAT("float64"), BOOL("bool"), TIME("time.Time"), ANY("interface {}"),
        VALUE("reflect.Value");

        final String goName;

        Kind(String goName) {
            this.goName = goName;
        }
    }

    /** An error a function returns (Go's {@code error} result or a recovered panic). */
    static final class FuncError extends Exception {
        FuncError(String message) {
            super(message, null, false, false);
        }
    }

    @FunctionalInterface
    interface Impl {
        Object call(Exec ex, Object[] args) throws FuncError;
    }

    /** A function: its parameter kinds (for a variadic function the last kind is the element kind). */
    record Func(String name, Kind[] params, boolean variadic, boolean builtin, Impl impl) {
    }

    private static final Map<String, Func> FUNCS = new HashMap<>();
    private static final JsonFactory JSON = new JsonFactory();
    /** Largest string a function may build; Go would try and exhaust memory. */
    static final int MAX_RESULT_CHARS = 16 << 20;

    static Func lookup(String name) {
        return FUNCS.get(name);
    }

    private static void def(String name, boolean builtin, boolean variadic, Impl impl, Kind... params) {
        FUNCS.put(name, new Func(name, params, variadic, builtin, impl));
    }

    private static void fn(String name, Impl impl, Kind... params) {
        def(name, false, false, impl, params);
    }

    private static void varFn(String name, Impl impl, Kind... params) {
        def(name, false, true, impl, params);
    }

    private static final Kind S = Kind.STRING;
    private static final Kind I = Kind.INT;
    private static final Kind A = Kind.ANY;
    private static final Kind V = Kind.VALUE;
    private static final Kind T = Kind.TIME;

    static {
        // ---- Go built-ins
        def("and", true, true, (ex, a) -> null, V, V);
        def("or", true, true, (ex, a) -> null, V, V);
        def("not", true, false, (ex, a) -> !GoValues.truth(GoValues.dig(a[0])), V);
        def("len", true, false, (ex, a) -> length(a[0]), V);
        def("index", true, true, (ex, a) -> index(a), V, V);
        def("slice", true, true, (ex, a) -> slice(a), V, V);
        def("print", true, true, (ex, a) -> GoFmt.sprint(digAll(a)), A);
        def("println", true, true, (ex, a) -> GoFmt.sprintln(digAll(a)), A);
        def("printf", true, true, (ex, a) -> GoFmt.sprintf((String) a[0], digAll(java.util.Arrays.copyOfRange(a, 1, a.length))), S, A);
        def("eq", true, true, (ex, a) -> eq(a), V, V);
        def("ne", true, false, (ex, a) -> !eq(a), V, V);
        def("lt", true, false, (ex, a) -> lt(a[0], a[1]), V, V);
        def("le", true, false, (ex, a) -> lt(a[0], a[1]) || eq(a), V, V);
        def("gt", true, false, (ex, a) -> !(lt(a[0], a[1]) || eq(a)), V, V);
        def("ge", true, false, (ex, a) -> !lt(a[0], a[1]), V, V);
        def("html", true, true, (ex, a) -> htmlEscape(evalArgs(a)), A);
        def("js", true, true, (ex, a) -> jsEscape(evalArgs(a)), A);
        def("urlquery", true, true, (ex, a) -> queryEscape(evalArgs(a)), A);
        def("call", true, true, (ex, a) -> {
            Object f = GoValues.dig(a[0]);
            if (f == null) throw new FuncError("call of nil");
            throw new FuncError("non-function of type " + GoValues.typeName(f));
        }, V, V);

        // ---- Loki's own functions
        fn("ToLower", (ex, a) -> ((String) a[0]).toLowerCase(java.util.Locale.ROOT), S);
        fn("ToUpper", (ex, a) -> ((String) a[0]).toUpperCase(java.util.Locale.ROOT), S);
        fn("Replace", (ex, a) -> replace((String) a[0], (String) a[1], (String) a[2], (Long) a[3]), S, S, S, I);
        fn("Trim", (ex, a) -> trimCutset((String) a[0], (String) a[1], true, true), S, S);
        fn("TrimLeft", (ex, a) -> trimCutset((String) a[0], (String) a[1], true, false), S, S);
        fn("TrimRight", (ex, a) -> trimCutset((String) a[0], (String) a[1], false, true), S, S);
        fn("TrimPrefix", (ex, a) -> trimPrefix((String) a[0], (String) a[1]), S, S);
        fn("TrimSuffix", (ex, a) -> trimSuffix((String) a[0], (String) a[1]), S, S);
        fn("TrimSpace", (ex, a) -> trimSpace((String) a[0]), S);
        fn("regexReplaceAll", (ex, a) -> replaceAll(ex.regex((String) a[0]), (String) a[1], (String) a[2], false), S, S, S);
        fn("regexReplaceAllLiteral", (ex, a) -> replaceAll(ex.regex((String) a[0]), (String) a[1], (String) a[2], true), S, S, S);
        fn("count", (ex, a) -> (long) countMatches(ex.regex((String) a[0]), (String) a[1]), S, S);
        fn("urldecode", (ex, a) -> queryUnescape((String) a[0]), S);
        fn("urlencode", (ex, a) -> queryEscape((String) a[0]), S);
        fn("bytes", (ex, a) -> GoBytes.parse((String) a[0]), S);
        fn("duration", (ex, a) -> GoTimeFormat.seconds(GoTimeFormat.parseDuration((String) a[0])), S);
        fn("duration_seconds", (ex, a) -> GoTimeFormat.seconds(GoTimeFormat.parseDuration((String) a[0])), S);
        fn("unixEpochMillis", (ex, a) -> Long.toString(millis((GoTime) a[0])), T);
        fn("unixEpochNanos", (ex, a) -> Long.toString(((GoTime) a[0]).unixNano()), T);
        fn("toDateInZone", (ex, a) -> toDate(ex, (String) a[0], zone(ex, (String) a[1]), (String) a[2]), S, S, S);
        fn("unixToTime", (ex, a) -> unixToTime(ex, (String) a[0]), S);
        fn("alignLeft", (ex, a) -> align((Long) a[0], (String) a[1], true), I, S);
        fn("alignRight", (ex, a) -> align((Long) a[0], (String) a[1], false), I, S);

        // ---- the sprig functions Loki imports
        fn("b64enc", (ex, a) -> Base64.getEncoder().encodeToString(((String) a[0]).getBytes(StandardCharsets.UTF_8)), S);
        fn("b64dec", (ex, a) -> GoBytes.base64Decode((String) a[0]), S);
        fn("lower", (ex, a) -> ((String) a[0]).toLowerCase(java.util.Locale.ROOT), S);
        fn("upper", (ex, a) -> ((String) a[0]).toUpperCase(java.util.Locale.ROOT), S);
        fn("title", (ex, a) -> title((String) a[0]), S);
        fn("trunc", (ex, a) -> trunc((Long) a[0], (String) a[1]), I, S);
        fn("substr", (ex, a) -> substr((Long) a[0], (Long) a[1], (String) a[2]), I, I, S);
        fn("contains", (ex, a) -> ((String) a[1]).contains((String) a[0]), S, S);
        fn("hasPrefix", (ex, a) -> ((String) a[1]).startsWith((String) a[0]), S, S);
        fn("hasSuffix", (ex, a) -> ((String) a[1]).endsWith((String) a[0]), S, S);
        fn("indent", (ex, a) -> indent((Long) a[0], (String) a[1]), I, S);
        fn("nindent", (ex, a) -> "\n" + indent((Long) a[0], (String) a[1]), I, S);
        fn("replace", (ex, a) -> replace((String) a[2], (String) a[0], (String) a[1], -1), S, S, S);
        fn("repeat", (ex, a) -> repeat((Long) a[0], (String) a[1]), I, S);
        fn("trim", (ex, a) -> trimSpace((String) a[0]), S);
        fn("trimAll", (ex, a) -> trimCutset((String) a[1], (String) a[0], true, true), S, S);
        fn("trimSuffix", (ex, a) -> trimSuffix((String) a[1], (String) a[0]), S, S);
        fn("trimPrefix", (ex, a) -> trimPrefix((String) a[1], (String) a[0]), S, S);
        fn("int", (ex, a) -> GoNumbers.toInt64(a[0]), A);
        fn("float64", (ex, a) -> GoNumbers.toFloat64(a[0]), A);
        varFn("add", (ex, a) -> {
            long s = 0;
            for (Object o : a) s += GoNumbers.toInt64(o);
            return new Int64(s);
        }, A);
        fn("sub", (ex, a) -> new Int64(GoNumbers.toInt64(a[0]) - GoNumbers.toInt64(a[1])), A, A);
        varFn("mul", (ex, a) -> {
            long s = GoNumbers.toInt64(a[0]);
            for (int i = 1; i < a.length; i++) s *= GoNumbers.toInt64(a[i]);
            return new Int64(s);
        }, A, A);
        fn("div", (ex, a) -> new Int64(intDivide(GoNumbers.toInt64(a[0]), GoNumbers.toInt64(a[1]), false)), A, A);
        fn("mod", (ex, a) -> new Int64(intDivide(GoNumbers.toInt64(a[0]), GoNumbers.toInt64(a[1]), true)), A, A);
        varFn("addf", (ex, a) -> decimalOp(0.0, a, 0, '+'), A);
        varFn("subf", (ex, a) -> decimalOp(a[0], a, 1, '-'), A, A);
        varFn("mulf", (ex, a) -> decimalOp(a[0], a, 1, '*'), A, A);
        varFn("divf", (ex, a) -> decimalOp(a[0], a, 1, '/'), A, A);
        varFn("max", (ex, a) -> {
            long m = GoNumbers.toInt64(a[0]);
            for (int i = 1; i < a.length; i++) m = Math.max(m, GoNumbers.toInt64(a[i]));
            return new Int64(m);
        }, A, A);
        varFn("min", (ex, a) -> {
            long m = GoNumbers.toInt64(a[0]);
            for (int i = 1; i < a.length; i++) m = Math.min(m, GoNumbers.toInt64(a[i]));
            return new Int64(m);
        }, A, A);
        varFn("maxf", (ex, a) -> {
            double m = GoNumbers.toFloat64(a[0]);
            for (int i = 1; i < a.length; i++) m = Math.max(m, GoNumbers.toFloat64(a[i]));
            return m;
        }, A, A);
        varFn("minf", (ex, a) -> {
            double m = GoNumbers.toFloat64(a[0]);
            for (int i = 1; i < a.length; i++) m = Math.min(m, GoNumbers.toFloat64(a[i]));
            return m;
        }, A, A);
        fn("ceil", (ex, a) -> Math.ceil(GoNumbers.toFloat64(a[0])), A);
        fn("floor", (ex, a) -> Math.floor(GoNumbers.toFloat64(a[0])), A);
        varFn("round", (ex, a) -> round(a), A, I, Kind.FLOAT);
        fn("fromJson", (ex, a) -> fromJson((String) a[0]), S);
        fn("date", (ex, a) -> GoTimeFormat.format(dateArg(ex, a[1]).in(ex.zone()), (String) a[0]), S, A);
        fn("toDate", (ex, a) -> toDate(ex, (String) a[0], ex.zone(), (String) a[1]), S, S);
        fn("now", (ex, a) -> ex.now());
        fn("unixEpoch", (ex, a) -> Long.toString(((GoTime) a[0]).epochSecond()), T);
        varFn("default", (ex, a) -> a.length < 2 || empty(a[1]) ? a[0] : a[1], A, A);

        // ---- the current line and its timestamp
        fn("__line__", (ex, a) -> ex.ctx().line());
        fn("__timestamp__", (ex, a) -> GoTime.ofNanos(ex.ctx().timestampNanos(), ex.zone()));
    }

    // ---------------------------------------------------------------- built-in helpers

    private static Object[] digAll(Object[] a) {
        for (int i = 0; i < a.length; i++) a[i] = GoValues.dig(a[i]);
        return a;
    }

    private static Object length(Object v) throws FuncError {
        return switch (v) {
            case String s -> (long) GoText.utf8Length(s);
            case List<?> l -> (long) l.size();
            case LabelData d -> (long) d.ctx().labels().size();
            case Map<?, ?> m -> (long) m.size();
            case null -> throw new FuncError("reflect: call of reflect.Value.Type on zero Value");
            default -> {
                if (v == GoValues.TYPED_NIL) throw new FuncError("len of nil pointer");
                throw new FuncError("len of type " + GoValues.typeName(v));
            }
        };
    }

    private static long indexArg(Object index, int cap) throws FuncError {
        index = GoValues.dig(index);
        long x;
        if (index instanceof Long l) x = l;
        else if (index instanceof Int64 l) x = l.value();
        else if (index == null) throw new FuncError("cannot index slice/array with nil");
        else throw new FuncError("cannot index slice/array with type " + GoValues.typeName(index));
        if (x < 0 || x > cap) throw new FuncError("index out of range: " + x);
        return x;
    }

    private static Object index(Object[] a) throws FuncError {
        Object item = GoValues.dig(a[0]);
        if (item == null) throw new FuncError("index of untyped nil");
        for (int k = 1; k < a.length; k++) {
            if (item == GoValues.TYPED_NIL || item == null) throw new FuncError("index of nil pointer");
            switch (item) {
                case List<?> l -> {
                    long x = indexArg(a[k], l.size());
                    if (x == l.size()) throw new FuncError("reflect: slice index out of range");
                    Object e = l.get((int) x);
                    item = e == null ? GoValues.TYPED_NIL : e;
                }
                case String s -> {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    long x = indexArg(a[k], b.length);
                    if (x == b.length) throw new FuncError("reflect: string index out of range");
                    item = (long) (b[(int) x] & 0xff);
                }
                case LabelData d -> {
                    Object key = GoValues.dig(a[k]);
                    if (key != null && !(key instanceof String)) {
                        throw new FuncError("value has type " + GoValues.typeName(key) + "; should be string");
                    }
                    item = key == null ? "" : d.get((String) key);
                }
                case Map<?, ?> m -> {
                    Object key = GoValues.dig(a[k]);
                    if (key != null && !(key instanceof String)) {
                        throw new FuncError("value has type " + GoValues.typeName(key) + "; should be string");
                    }
                    Object e = key == null ? null : m.get(key);
                    item = e == null ? GoValues.TYPED_NIL : e;
                }
                default -> throw new FuncError("can't index item of type " + GoValues.typeName(item));
            }
        }
        return item;
    }

    private static Object slice(Object[] a) throws FuncError {
        Object item = GoValues.dig(a[0]);
        if (item == null) throw new FuncError("slice of untyped nil");
        if (a.length - 1 > 3) throw new FuncError("too many slice indexes: " + (a.length - 1));
        int len;
        if (item instanceof String s) {
            if (a.length - 1 == 3) throw new FuncError("cannot 3-index slice a string");
            len = s.getBytes(StandardCharsets.UTF_8).length;
        } else if (item instanceof List<?> l) {
            len = l.size();
        } else {
            throw new FuncError("can't slice item of type " + GoValues.typeName(item));
        }
        long[] idx = {0, len, len};
        for (int k = 1; k < a.length; k++) {
            long x = indexArg(a[k], len);
            idx[k - 1] = x;
        }
        if (idx[0] > idx[1]) throw new FuncError("invalid slice index: " + idx[0] + " > " + idx[1]);
        if (a.length - 1 == 3 && idx[1] > idx[2]) throw new FuncError("invalid slice index: " + idx[1] + " > " + idx[2]);
        if (item instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return new String(b, (int) idx[0], (int) (idx[1] - idx[0]), StandardCharsets.UTF_8);
        }
        return new ArrayList<>(((List<?>) item).subList((int) idx[0], (int) idx[1]));
    }

    private enum BasicKind { INVALID, BOOL, INT, FLOAT, STRING }

    private static BasicKind basicKind(Object v) {
        return switch (v) {
            case Boolean b -> BasicKind.BOOL;
            case Long l -> BasicKind.INT;
            case Int64 l -> BasicKind.INT;
            case Double d -> BasicKind.FLOAT;
            case String s -> BasicKind.STRING;
            case null, default -> BasicKind.INVALID;
        };
    }

    private static boolean eq(Object[] a) throws FuncError {
        Object a1 = GoValues.dig(a[0]);
        if (a.length < 2) throw new FuncError("missing argument for comparison");
        BasicKind k1 = basicKind(a1);
        for (int i = 1; i < a.length; i++) {
            Object b = GoValues.dig(a[i]);
            BasicKind k2 = basicKind(b);
            boolean truth;
            if (k1 != k2) {
                if (a1 != null && b != null) throw new FuncError("incompatible types for comparison");
                truth = false;
            } else {
                truth = switch (k1) {
                    case BOOL -> a1.equals(b);
                    case INT -> GoNumbers.toInt64(a1) == GoNumbers.toInt64(b);
                    case FLOAT -> (double) (Double) a1 == (double) (Double) b;
                    case STRING -> a1.equals(b);
                    case INVALID -> {
                        if (a1 == null || b == null) yield a1 == b;
                        if (a1 instanceof GoTime t1 && b instanceof GoTime t2) yield t1.equals(t2);
                        throw new FuncError("non-comparable type " + GoFmt.toString(b) + ": " + GoValues.typeName(b));
                    }
                };
            }
            if (truth) return true;
        }
        return false;
    }

    private static boolean lt(Object x, Object y) throws FuncError {
        x = GoValues.dig(x);
        y = GoValues.dig(y);
        BasicKind k1 = basicKind(x);
        if (k1 == BasicKind.INVALID) throw new FuncError("invalid type for comparison");
        BasicKind k2 = basicKind(y);
        if (k2 == BasicKind.INVALID) throw new FuncError("invalid type for comparison");
        if (k1 != k2) throw new FuncError("incompatible types for comparison");
        return switch (k1) {
            case BOOL, INVALID -> throw new FuncError("invalid type for comparison");
            case INT -> GoNumbers.toInt64(x) < GoNumbers.toInt64(y);
            case FLOAT -> (Double) x < (Double) y;
            case STRING -> compareBytes((String) x, (String) y) < 0;
        };
    }

    /** Go compares strings by bytes; UTF-16 order differs only around surrogates. */
    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String evalArgs(Object[] a) {
        if (a.length == 1 && a[0] instanceof String s) return s;
        return GoFmt.sprint(digAll(a));
    }

    static String htmlEscape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '"' -> "&#34;";
                case '\'' -> "&#39;";
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '\0' -> "\uFFFD";
                default -> null;
            };
            if (rep != null && sb == null) sb = new StringBuilder(s.substring(0, i));
            if (sb != null) {
                if (rep != null) sb.append(rep);
                else sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    static String jsEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '<' -> sb.append("\\u003C");
                case '>' -> sb.append("\\u003E");
                case '&' -> sb.append("\\u0026");
                case '=' -> sb.append("\\u003D");
                default -> {
                    if (c < ' ') {
                        sb.append(String.format("\\u%04X", c));
                    } else if (c < 0x80 || GoText.isPrint(c)) {
                        sb.appendCodePoint(c);
                    } else {
                        sb.append(String.format("\\u%04X", c));
                    }
                }
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- string helpers

    static String queryEscape(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length + 8);
        for (byte x : b) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
            }
        }
        return sb.toString();
    }

    static String queryUnescape(String s) throws FuncError {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.length);
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xff;
            if (c == '%') {
                if (i + 2 >= b.length || Character.digit(b[i + 1], 16) < 0 || Character.digit(b[i + 2], 16) < 0) {
                    String rest = new String(b, i, Math.min(3, b.length - i), StandardCharsets.UTF_8);
                    throw new FuncError("invalid URL escape " + GoText.quote(rest));
                }
                out.write(Character.digit(b[i + 1], 16) * 16 + Character.digit(b[i + 2], 16));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String replace(String s, String old, String neu, long n) throws FuncError {
        if (old.equals(neu) || n == 0) return s;
        if (old.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            int count = 0;
            int i = 0;
            while (true) {
                if (n >= 0 && count >= n) {
                    sb.append(s, i, s.length());
                    break;
                }
                sb.append(neu);
                count++;
                if (i >= s.length()) break;
                int cp = s.codePointAt(i);
                sb.appendCodePoint(cp);
                i += Character.charCount(cp);
                checkSize(sb.length());
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder(s.length());
        int from = 0;
        int count = 0;
        while (n < 0 || count < n) {
            int at = s.indexOf(old, from);
            if (at < 0) break;
            sb.append(s, from, at).append(neu);
            from = at + old.length();
            count++;
            checkSize(sb.length());
        }
        sb.append(s, from, s.length());
        return sb.toString();
    }

    private static void checkSize(long n) throws FuncError {
        if (n > MAX_RESULT_CHARS) throw new FuncError("strings: output length overflow");
    }

    private static boolean isGoSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r' || c == 0x85 || c == 0xA0
                || Character.isSpaceChar(c) && c != 0x200b && c != 0x2060 && c != 0xfeff;
    }

    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int c = s.codePointAt(start);
            if (!isGoSpace(c)) break;
            start += Character.charCount(c);
        }
        while (end > start) {
            int c = s.codePointBefore(end);
            if (!isGoSpace(c)) break;
            end -= Character.charCount(c);
        }
        return s.substring(start, end);
    }

    private static String trimCutset(String s, String cutset, boolean left, boolean right) {
        if (s.isEmpty() || cutset.isEmpty()) return s;
        int start = 0;
        int end = s.length();
        if (left) {
            while (start < end) {
                int c = s.codePointAt(start);
                if (cutset.indexOf(c) < 0) break;
                start += Character.charCount(c);
            }
        }
        if (right) {
            while (end > start) {
                int c = s.codePointBefore(end);
                if (cutset.indexOf(c) < 0) break;
                end -= Character.charCount(c);
            }
        }
        return s.substring(start, end);
    }

    private static String trimPrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    private static String trimSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    /** strings.Title: upper-cases letters that start a word. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int prev = ' ';
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (isSeparator(prev)) sb.appendCodePoint(Character.toTitleCase(c));
            else sb.appendCodePoint(c);
            prev = c;
        }
        return sb.toString();
    }

    private static boolean isSeparator(int r) {
        if (r <= 0x7F) {
            if (r >= '0' && r <= '9') return false;
            if (r >= 'a' && r <= 'z') return false;
            if (r >= 'A' && r <= 'Z') return false;
            return r != '_';
        }
        if (Character.isLetter(r) || Character.isDigit(r)) return false;
        return Character.isWhitespace(r) || Character.isSpaceChar(r);
    }

    private static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }

    private static String trunc(long c, String s) {
        int[] runes = codePoints(s);
        int l = runes.length;
        if (c < 0 && l + c > 0) return new String(runes, (int) (l + c), (int) -c);
        if (c >= 0 && l > c) return new String(runes, 0, (int) c);
        return s;
    }

    private static String substr(long start, long end, String s) {
        int[] runes = codePoints(s);
        int l = runes.length;
        if (end > l) end = l;
        if (start > l) start = l;
        if (start < 0) {
            if (end < 0) return "";
            return new String(runes, 0, (int) end);
        }
        if (end < 0) return new String(runes, (int) start, (int) (l - start));
        if (start > end) return "";
        return new String(runes, (int) start, (int) (end - start));
    }

    private static String align(long count, String src, boolean left) {
        int[] runes = codePoints(src);
        int l = runes.length;
        if (count < 0 || count == l) return src;
        long pad = count - l;
        if (pad > MAX_RESULT_CHARS) pad = MAX_RESULT_CHARS;
        if (pad > 0) return left ? src + " ".repeat((int) pad) : " ".repeat((int) pad) + src;
        return left ? new String(runes, 0, (int) count) : new String(runes, (int) (l - count), (int) count);
    }

    private static String repeat(long count, String s) throws FuncError {
        if (count < 0) throw new FuncError("strings: negative Repeat count");
        if (count > 0 && (long) s.length() * count > MAX_RESULT_CHARS) throw new FuncError("strings: Repeat output length overflow");
        return s.repeat((int) count);
    }

    private static String indent(long spaces, String v) throws FuncError {
        String pad = repeat(spaces, " ");
        checkSize((long) v.length() + (long) pad.length() * (1 + v.chars().filter(c -> c == '\n').count()));
        return pad + v.replace("\n", "\n" + pad);
    }

    // ---------------------------------------------------------------- regular expressions

    /** Go's Regexp.ReplaceAllString / ReplaceAllLiteralString. */
    static String replaceAll(Pattern re, String src, String repl, boolean literal) {
        Matcher m = re.matcher(src);
        StringBuilder out = new StringBuilder(src.length());
        int lastMatchEnd = 0;
        int searchPos = 0;
        Map<String, Integer> names = literal ? Map.of() : re.namedGroups();
        while (searchPos <= src.length()) {
            if (!m.find(searchPos)) break;
            int start = m.start();
            int end = m.end();
            out.append(src, lastMatchEnd, start);
            if (end > lastMatchEnd || start == 0) {
                if (literal) out.append(repl);
                else expand(out, repl, src, m, names);
            }
            lastMatchEnd = end;
            int width = searchPos < src.length() ? Character.charCount(src.codePointAt(searchPos)) : 1;
            if (searchPos + width > end) searchPos += width;
            else if (searchPos + 1 > end) searchPos++;
            else searchPos = end;
        }
        out.append(src, Math.min(lastMatchEnd, src.length()), src.length());
        return out.toString();
    }

    private static void expand(StringBuilder dst, String template, String src, Matcher m, Map<String, Integer> names) {
        int i = 0;
        while (i < template.length()) {
            int d = template.indexOf('$', i);
            if (d < 0) break;
            dst.append(template, i, d);
            i = d + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                dst.append('$');
                i++;
                continue;
            }
            // extract a name or number
            int j = i;
            boolean brace = false;
            if (j < template.length() && template.charAt(j) == '{') {
                brace = true;
                j++;
            }
            int nameStart = j;
            while (j < template.length()) {
                int c = template.codePointAt(j);
                if (!Character.isLetter(c) && !Character.isDigit(c) && c != '_') break;
                j += Character.charCount(c);
            }
            if (j == nameStart || (brace && (j >= template.length() || template.charAt(j) != '}'))) {
                dst.append('$');
                continue;
            }
            String name = template.substring(nameStart, j);
            if (brace) j++;
            i = j;
            int num = 0;
            for (int k = 0; k < name.length(); k++) {
                char c = name.charAt(k);
                if (c < '0' || c > '9' || num >= 100_000_000) {
                    num = -1;
                    break;
                }
                num = num * 10 + (c - '0');
            }
            if (name.charAt(0) == '0' && name.length() > 1) num = -1;
            int group = num >= 0 ? num : names.getOrDefault(name, -1);
            if (group >= 0 && group <= m.groupCount() && m.start(group) >= 0) {
                dst.append(src, m.start(group), m.end(group));
            }
        }
        dst.append(template, i, template.length());
    }

    /** Number of matches as Go's FindAllStringIndex counts them (no empty match right after a match). */
    static int countMatches(Pattern re, String s) {
        Matcher m = re.matcher(s);
        int n = 0;
        int pos = 0;
        int prevMatchEnd = -1;
        while (pos <= s.length()) {
            if (!m.find(pos)) break;
            boolean accept = true;
            if (m.end() == m.start()) {
                if (m.start() == prevMatchEnd) accept = false;
                pos = m.end() < s.length() ? m.end() + Character.charCount(s.codePointAt(m.end())) : s.length() + 1;
            } else {
                pos = m.end();
            }
            prevMatchEnd = m.end();
            if (accept) n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- math

    private static long intDivide(long a, long b, boolean mod) throws FuncError {
        if (b == 0) throw new FuncError("runtime error: integer divide by zero");
        if (a == Long.MIN_VALUE && b == -1) return mod ? 0 : a;
        return mod ? a % b : a / b;
    }

    private static BigDecimal decimal(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return null;
        return new BigDecimal(Double.toString(d));
    }

    /** sprig's decimal arithmetic (shopspring/decimal), returned as float64 like sprig does. */
    private static Object decimalOp(Object first, Object[] a, int from, char op) throws FuncError {
        double f0 = GoNumbers.toFloat64(first);
        BigDecimal acc = decimal(f0);
        if (acc == null) throw new FuncError("Cannot create a Decimal from " + GoFmt.toString(f0));
        for (int i = from; i < a.length; i++) {
            double fx = GoNumbers.toFloat64(a[i]);
            BigDecimal x = decimal(fx);
            if (x == null) throw new FuncError("Cannot create a Decimal from " + GoFmt.toString(fx));
            acc = switch (op) {
                case '+' -> acc.add(x);
                case '-' -> acc.subtract(x);
                case '*' -> acc.multiply(x);
                default -> {
                    if (x.signum() == 0) throw new FuncError("decimal division by zero");
                    yield acc.divide(x, 16, RoundingMode.HALF_UP);
                }
            };
        }
        return acc.doubleValue();
    }

    private static Object round(Object[] a) {
        double roundOn = a.length > 2 ? (Double) a[2] : 0.5;
        double val = GoNumbers.toFloat64(a[0]);
        double places = (double) (Long) a[1];
        double pow = Math.pow(10, places);
        double digit = pow * val;
        double frac = digit - (digit < 0 ? Math.ceil(digit) : Math.floor(digit));
        double r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
        return r / pow;
    }

    /** sprig's empty(). */
    static boolean empty(Object v) {
        return switch (v) {
            case null -> true;
            case String s -> s.isEmpty();
            case Long l -> l == 0;
            case Int64 l -> l.value() == 0;
            case Double d -> d == 0;
            case Boolean b -> !b;
            case List<?> l -> l.isEmpty();
            case LabelData d -> d.ctx().labels().isEmpty();
            case Map<?, ?> m -> m.isEmpty();
            case GoTime t -> false;
            default -> true;
        };
    }

    // ---------------------------------------------------------------- JSON

    static Object fromJson(String s) {
        try (JsonParser p = JSON.createParser(s)) {
            JsonToken t = p.nextToken();
            if (t == null) return null;
            Object v = readJson(p, t);
            if (p.nextToken() != null) return null;
            return v;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Object readJson(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    m.put(k, readJson(p, p.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) l.add(readJson(p, n));
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Double.parseDouble(p.getText());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + t);
        };
    }

    // ---------------------------------------------------------------- time

    private static long millis(GoTime t) {
        return t.epochSecond() * 1000L + t.nano() / 1_000_000;
    }

    private static ZoneId zone(Exec ex, String name) {
        if (name.equals("Local")) return ex.zone();
        if (name.isEmpty() || name.equals("UTC")) return ZoneOffset.UTC;
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static GoTime toDate(Exec ex, String layout, ZoneId loc, String value) {
        GoTime t = GoTimeFormat.parse(layout, value, loc);
        return t == null ? new GoTime(GoTime.ZERO_EPOCH_SECOND, 0, ZoneOffset.UTC) : t;
    }

    private static GoTime dateArg(Exec ex, Object v) {
        return switch (v) {
            case GoTime t -> t;
            case Long l -> new GoTime(l, 0, ex.zone());
            case Int64 l -> new GoTime(l.value(), 0, ex.zone());
            case null, default -> ex.now();
        };
    }

    private static GoTime unixToTime(Exec ex, String epoch) throws FuncError {
        Long i = decimalParse(epoch);
        if (i == null) {
            throw new FuncError("unable to parse time '" + epoch + "': strconv.ParseInt: parsing " + GoText.quote(epoch)
                    + (rangeError(epoch) ? ": value out of range" : ": invalid syntax"));
        }
        return switch (epoch.length()) {
            case 5 -> new GoTime(i * 86400, 0, ex.zone());
            case 10 -> new GoTime(i, 0, ex.zone());
            case 13 -> GoTime.ofNanos(i * 1_000_000L, ex.zone());
            case 16 -> GoTime.ofNanos(i * 1_000L, ex.zone());
            case 19 -> GoTime.ofNanos(i, ex.zone());
            default -> throw new FuncError("unable to parse time '" + epoch + "': %!w(<nil>)");
        };
    }

    private static Long decimalParse(String s) {
        if (s.isEmpty()) return null;
        int i = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        if (i == s.length()) return null;
        for (int k = i; k < s.length(); k++) if (s.charAt(k) < '0' || s.charAt(k) > '9') return null;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean rangeError(String s) {
        int i = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (i == s.length()) return false;
        for (int k = i; k < s.length(); k++) if (s.charAt(k) < '0' || s.charAt(k) > '9') return false;
        return true;
    }

    static Map<String, Func> all() {
        return new TreeMap<>(FUNCS);
    }
}
