package io.norn.distributor;

import io.norn.logql.log.ByteSearch;
import io.norn.model.Labels;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loki 3.x's {@code detected_level}: a level-like stream label or structured-metadata pair wins as it is; else
 * the OTLP severity number; else the level field of a JSON object line or a logfmt line; else keywords in the
 * line. Works on the line's bytes without decoding it. Thread-safe.
 */
final class LevelDetector {
    static final String LABEL = "detected_level";
    static final List<String> DEFAULT_FIELDS = List.of("level", "LEVEL", "Level", "log.level", "severity", "SEVERITY", "Severity",
            "SeverityText", "lvl", "LVL", "Lvl", "severity_text", "Severity_Text", "SEVERITY_TEXT");
    // Loki's keywords, by level, in the order it tries the levels ("info:" and "INFO:" add nothing to "info" and "INFO")
    private static final byte[][] INFO = bytes("info", "INFO");
    private static final byte[][] ERROR = bytes("err:", "ERR:", "error", "ERROR");
    private static final byte[][] WARN = bytes("warn:", "WARN:", "warning", "WARNING");
    private static final byte[][] CRITICAL = bytes("CRITICAL:", "critical:");
    private static final byte[][] DEBUG = bytes("debug:", "DEBUG:");
    private static final byte[] EQUALS = {'='};
    private static final int INFO_FOUND = 1;
    private static final int ERROR_FOUND = 2;
    private static final int WARN_FOUND = 4;
    private static final int CRITICAL_FOUND = 8;
    private static final int DEBUG_FOUND = 16;
    private static final boolean VECTORS = io.norn.model.VectorSupport.PRESENT;
    /** The first two bytes of every keyword, as bits indexed by {@code byte0 | byte1 << 8}. */
    private static final long[] KEYWORD_STARTS = new long[1 << 10];

    static {
        for (byte[][] level : new byte[][][]{INFO, ERROR, WARN, CRITICAL, DEBUG}) {
            for (byte[] k : level) {
                int pair = (k[0] & 0xFF) | (k[1] & 0xFF) << 8;
                KEYWORD_STARTS[pair >>> 6] |= 1L << pair;
            }
        }
    }

    private final List<String> fields;
    private final byte[][] fieldBytes;
    /** Structured metadata holding only a detected level, shared by all entries with that level. */
    private final Map<String, Labels> levelOnly = new ConcurrentHashMap<>();

    LevelDetector(List<String> fields) {
        this.fields = List.copyOf(fields);
        this.fieldBytes = new byte[fields.size()][];
        for (int i = 0; i < fields.size(); i++) fieldBytes[i] = fields.get(i).getBytes(StandardCharsets.UTF_8);
    }

    /** The level a stream label gives every entry of the stream, or null; look it up once per stream and push. */
    String streamLevel(Labels stream) {
        for (String f : fields) if (stream.has(f)) return stream.get(f);
        return null;
    }

    /** {@code meta} plus the detected level, given the stream's {@link #streamLevel} (null when none). */
    Labels withLevel(String streamLevel, Labels meta, byte[] line, int off, int len) {
        String level = streamLevel != null ? streamLevel : detect(Labels.EMPTY, meta, line, off, len);
        if (meta.isEmpty()) return levelOnly.computeIfAbsent(level, l -> Labels.of(LABEL, l));
        return new Labels.Builder(meta).set(LABEL, level).build();
    }

    String detect(Labels stream, Labels meta, byte[] line) {
        return detect(stream, meta, line, 0, line.length);
    }

    /** The level of the entry whose line is {@code line[off, off + len)}. */
    String detect(Labels stream, Labels meta, byte[] line, int off, int len) {
        for (String f : fields) if (stream.has(f)) return stream.get(f);
        for (String f : fields) if (meta.has(f)) return meta.get(f);
        String severity = meta.get("severity_number");
        if (!severity.isEmpty()) return otlpLevel(severity);
        int start = off;
        int end = off + len;
        while (start < end && isSpace(line[start])) start++;
        while (end > start && isSpace(line[end - 1])) end--;
        int[] value;
        if (end - start >= 2 && line[start] == '{' && line[end - 1] == '}') {
            value = jsonField(line, start, end);
        } else if (ByteSearch.indexOf(line, off, end, EQUALS) >= 0) {
            value = logfmtField(line, off, end);
        } else {
            return fromKeywords(line, off, end);
        }
        if (value == null) return fromKeywords(line, off, end);
        String v = new String(line, value[0], value[1] - value[0], StandardCharsets.UTF_8);
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "trace", "trc" -> "trace";
            case "debug", "dbg" -> "debug";
            case "info", "inf" -> "info";
            case "warn", "wrn", "warning" -> "warn";
            case "error", "err" -> "error";
            case "critical" -> "critical";
            case "fatal" -> "fatal";
            default -> fromKeywords(line, off, end);
        };
    }

    private static String otlpLevel(String text) {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return "info";
        }
        if (n == 0) return "unknown";
        if (n <= 4) return "trace";
        if (n <= 8) return "debug";
        if (n <= 12) return "info";
        if (n <= 16) return "warn";
        if (n <= 20) return "error";
        if (n <= 24) return "fatal";
        return "unknown";
    }

    /**
     * The level Loki's keyword search gives the line (the first level in the order info, error, warn, critical,
     * debug one of whose keywords it holds), in one pass (a search per keyword took over a microsecond a line): only
     * positions whose first bytes start a keyword are compared, found a SIMD vector at a time when the JVM has the
     * Vector API (three bytes), else through a bit table of the keywords' first two bytes.
     */
    static String fromKeywords(byte[] line, int from, int to) {
        int found = 0;
        int i = from;
        int lastVector = to - VectorKeywordStarts.WIDTH - 2;
        if (VECTORS && from <= lastVector) {
            while (true) {
                // the last vector ends at the line's end, without the positions already searched
                int at = Math.min(i, lastVector);
                for (long m = VectorKeywordStarts.candidates(line, at) >>> (i - at); m != 0; m &= m - 1) {
                    int level = levelAt(line, i + Long.numberOfTrailingZeros(m), to);
                    if (level == INFO_FOUND) return "info";
                    found |= level;
                }
                i = at + VectorKeywordStarts.WIDTH;
                if (at == lastVector) break;
            }
        }
        for (int last = to - 4; i <= last; i++) { // every keyword is at least four bytes long
            int pair = (line[i] & 0xFF) | (line[i + 1] & 0xFF) << 8;
            if ((KEYWORD_STARTS[pair >>> 6] & 1L << pair) == 0) continue;
            int level = levelAt(line, i, to);
            if (level == INFO_FOUND) return "info";
            found |= level;
        }
        if ((found & ERROR_FOUND) != 0) return "error";
        if ((found & WARN_FOUND) != 0) return "warn";
        if ((found & CRITICAL_FOUND) != 0) return "critical";
        if ((found & DEBUG_FOUND) != 0) return "debug";
        return "unknown";
    }

    /** The level bit of the keyword starting at {@code at}, or 0; only the keywords of its first byte are compared. */
    private static int levelAt(byte[] line, int at, int to) {
        return switch (line[at]) {
            case 'i', 'I' -> startsWithAny(line, at, to, INFO) ? INFO_FOUND : 0;
            case 'e', 'E' -> startsWithAny(line, at, to, ERROR) ? ERROR_FOUND : 0;
            case 'w', 'W' -> startsWithAny(line, at, to, WARN) ? WARN_FOUND : 0;
            case 'c', 'C' -> startsWithAny(line, at, to, CRITICAL) ? CRITICAL_FOUND : 0;
            case 'd', 'D' -> startsWithAny(line, at, to, DEBUG) ? DEBUG_FOUND : 0;
            default -> 0;
        };
    }

    private static boolean startsWithAny(byte[] line, int at, int to, byte[][] keywords) {
        for (byte[] k : keywords) if (startsWith(line, at, to, k)) return true;
        return false;
    }

    private static boolean startsWith(byte[] line, int at, int to, byte[] keyword) {
        if (to - at < keyword.length) return false;
        for (int k = 0; k < keyword.length; k++) if (line[at + k] != keyword[k]) return false;
        return true;
    }

    /** Start and end of the string value of the first allowed top-level key of a JSON object, or null. */
    private int[] jsonField(byte[] b, int start, int end) {
        int i = start + 1;
        while (i < end) {
            i = skipSpace(b, i, end);
            if (i >= end || b[i] != '"') return null;
            int keyStart = i + 1;
            int keyEnd = skipString(b, i, end) - 1;
            if (keyEnd < keyStart) return null;
            i = skipSpace(b, keyEnd + 1, end);
            if (i >= end || b[i] != ':') return null;
            i = skipSpace(b, i + 1, end);
            int valueStart = i;
            i = skipValue(b, i, end);
            if (i < 0) return null;
            if (isField(b, keyStart, keyEnd)) {
                return b[valueStart] == '"' ? new int[]{valueStart + 1, i - 1} : new int[]{valueStart, i};
            }
            i = skipSpace(b, i, end);
            if (i < end && b[i] == ',') i++;
        }
        return null;
    }

    /** Start and end of the value of the first allowed key of a logfmt line, or null. */
    private int[] logfmtField(byte[] b, int from, int to) {
        int i = from;
        int n = to;
        while (i < n) {
            while (i < n && b[i] <= ' ') i++;
            int keyStart = i;
            while (i < n && b[i] > ' ' && b[i] != '=' && b[i] != '"') i++;
            int keyEnd = i;
            int vs = i;
            int ve = i;
            if (i < n && b[i] == '=') {
                i++;
                if (i < n && b[i] == '"') {
                    vs = i + 1;
                    i = skipString(b, i, n);
                    ve = Math.max(vs, i - 1);
                } else {
                    vs = i;
                    while (i < n && b[i] > ' ') i++;
                    ve = i;
                }
            } else if (i < n && b[i] == '"') {
                i = skipString(b, i, n);
            }
            if (keyEnd > keyStart && isField(b, keyStart, keyEnd)) return new int[]{vs, ve};
            if (i == keyStart) i++;
        }
        return null;
    }

    private boolean isField(byte[] b, int from, int to) {
        for (byte[] f : fieldBytes) {
            if (f.length == to - from && f[0] == b[from] && java.util.Arrays.equals(f, 0, f.length, b, from, to)) return true;
        }
        return false;
    }

    private static int skipString(byte[] b, int quote, int end) {
        int i = quote + 1;
        while (i < end) {
            if (b[i] == '\\') i += 2;
            else if (b[i] == '"') return i + 1;
            else i++;
        }
        return end;
    }

    /** Returns the index after the JSON value at i, or -1 when malformed. */
    private static int skipValue(byte[] b, int i, int end) {
        if (i >= end) return -1;
        if (b[i] == '"') return skipString(b, i, end);
        if (b[i] == '{' || b[i] == '[') {
            int depth = 0;
            while (i < end) {
                byte c = b[i];
                if (c == '"') {
                    i = skipString(b, i, end);
                    continue;
                }
                if (c == '{' || c == '[') depth++;
                if (c == '}' || c == ']') {
                    depth--;
                    if (depth == 0) return i + 1;
                }
                i++;
            }
            return -1;
        }
        while (i < end && b[i] != ',' && b[i] != '}' && !isSpace(b[i])) i++;
        return i;
    }

    private static int skipSpace(byte[] b, int i, int end) {
        while (i < end && isSpace(b[i])) i++;
        return i;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }


    private static byte[][] bytes(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) out[i] = s[i].getBytes(StandardCharsets.US_ASCII);
        return out;
    }
}
