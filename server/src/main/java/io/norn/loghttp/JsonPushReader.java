package io.norn.loghttp;

import io.norn.model.Labels;
import io.norn.model.TextEscapes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads a JSON push body of the usual shape, {@code {"streams":[{"stream":{..},"values":[["ns","line"(,{..})?],..]},..]}},
 * in one pass over its bytes: strings are checked (UTF-8, control characters) and unescaped as they are scanned, and
 * a line without escapes stays a slice of the body. Anything else (other fields, nulls, numbers, invalid UTF-8,
 * malformed JSON, a timestamp that is not plain digits) makes {@link #read} return null, and the general decoder
 * reads the body instead, naming the problem if there is one; what this reader accepts, it decodes exactly as that
 * decoder does.
 */
final class JsonPushReader {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final int ARENA_BYTES = 64 << 10;
    /** The general decoder's (Jackson's default) limits: beyond them it rejects what this reader would accept. */
    private static final int MAX_STRING = 20_000_000;
    private static final int MAX_NAME = 50_000;
    private static final boolean VECTORS = io.norn.model.VectorSupport.PRESENT;

    /** Thrown, without a stack trace, where the body leaves the usual shape. */
    private static final class Uncommon extends RuntimeException {
        Uncommon() {
            super(null, null, false, false);
        }
    }

    private static final Uncommon UNCOMMON = new Uncommon();

    /** A label set's text as pushed and the label set (names valid, empty values dropped). */
    private record CachedLabels(byte[] text, Labels labels) {
    }

    /** Label sets by their text, one per slot of its hash; a racy read sees a whole entry or none. */
    private static final CachedLabels[] LABELS = new CachedLabels[4096];
    /** Longer label-set texts are parsed every time. */
    private static final int MAX_CACHED_TEXT = 4096;

    private final byte[] b;
    private final int n;
    private int pos;
    /** Unescaped strings, several to an array; a new one when the current one is full. */
    private byte[] arena;
    private int arenaUsed;
    /** The entries of all streams read so far. */
    private final EntryColumns columns;
    /** The string last read: {@code strLen} bytes of {@code strBuf} from {@code strOff}. */
    private byte[] strBuf;
    private int strOff;
    private int strLen;

    private JsonPushReader(byte[] body, int length, byte[] arena, EntryColumns columns) {
        this.b = body;
        this.n = length;
        this.arena = arena;
        this.columns = columns;
    }

    /** The streams of {@code body[0, length)}, lines pointing into it, or null when it is not of the usual shape. */
    static List<PushStream> read(byte[] body, int length) {
        return read(body, length, new byte[0], new EntryColumns(64));
    }

    /**
     * {@link #read(byte[], int)}, the entries added to {@code columns}, unescaped strings written to {@code arena} (lines
     * may then point into it) and to new arrays only beyond it. Unescaping never lengthens a string, so an arena of
     * {@link #arenaBytes} suffices.
     */
    static List<PushStream> read(byte[] body, int length, byte[] arena, EntryColumns columns) {
        try {
            return new JsonPushReader(body, length, arena, columns).request();
        } catch (Uncommon e) {
            return null;
        }
    }

    private List<PushStream> request() {
        skipSpace();
        expect('{');
        skipSpace();
        expectKey("streams");
        expect('[');
        skipSpace();
        List<PushStream> out = new ArrayList<>();
        if (peek() == ']') {
            pos++;
        } else {
            do {
                skipSpace();
                out.add(stream());
                skipSpace();
            } while (commaOr(']'));
        }
        skipSpace();
        expect('}');
        skipSpace();
        if (pos != n) throw UNCOMMON;
        return out;
    }

    private PushStream stream() {
        expect('{');
        skipSpace();
        int from = columns.size();
        Labels labels = null;
        boolean values = false;
        do {
            skipSpace();
            if (labels == null && atKey("stream")) {
                expectKey("stream");
                labels = labels();
            } else if (!values && atKey("values")) {
                expectKey("values");
                values();
                values = true;
            } else {
                throw UNCOMMON;
            }
            skipSpace();
        } while (commaOr('}'));
        if (labels == null) throw UNCOMMON;
        return columns.stream(labels, from);
    }

    /**
     * The stream's label set, from {@link #LABELS} when its text was read before: clients push the same few streams
     * over and over, and a label set costs a map, two strings a label and a copy of each.
     */
    private Labels labels() {
        int start = pos;
        int end = flatObjectEnd(start);
        int slot = end < 0 ? -1 : hash(start, end) & (LABELS.length - 1);
        if (slot >= 0) {
            CachedLabels c = LABELS[slot];
            if (c != null && Arrays.equals(c.text, 0, c.text.length, b, start, end)) {
                pos = end;
                return c.labels;
            }
        }
        TreeMap<String, String> map = stringMap();
        for (String name : map.keySet()) {
            if (!LabelsParser.isValidName(name)) throw UNCOMMON;
        }
        map.values().removeIf(String::isEmpty);
        Labels labels = Labels.of(map);
        if (slot >= 0 && pos == end) LABELS[slot] = new CachedLabels(Arrays.copyOfRange(b, start, end), labels);
        return labels;
    }

    /**
     * The end (exclusive) of the object at {@code start} if it holds strings only, as label sets do: the first closing
     * brace outside a string. -1 if there is none; for other objects the result does not matter (no text in the cache
     * ends there, as every one is a whole flat object).
     */
    private int flatObjectEnd(int start) {
        boolean inString = false;
        for (int i = start + 1; i < n && i - start <= MAX_CACHED_TEXT; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '}') {
                return i + 1;
            }
        }
        return -1;
    }

    private int hash(int start, int end) {
        int h = 1;
        for (int i = start; i < end; i++) h = 31 * h + b[i];
        return h ^ (h >>> 16);
    }

    /** Adds the entries of a {@code values} array to {@link #columns}. */
    private void values() {
        expect('[');
        skipSpace();
        if (peek() == ']') {
            pos++;
            return;
        }
        do {
            skipSpace();
            expect('[');
            skipSpace();
            long ts = timestamp();
            skipSpace();
            expect(',');
            skipSpace();
            string();
            byte[] lineBuf = strBuf;
            int lineOff = strOff;
            int lineLen = strLen;
            skipSpace();
            Labels meta = Labels.EMPTY;
            if (peek() == ',') {
                pos++;
                skipSpace();
                if (peek() == '{') {
                    TreeMap<String, String> m = stringMap();
                    if (!m.isEmpty()) meta = Labels.of(m);
                } else {
                    expectWord("null");
                }
                skipSpace();
            }
            expect(']');
            columns.add(ts, lineBuf, lineOff, lineLen, meta);
            skipSpace();
        } while (commaOr(']'));
    }

    /** A timestamp string of plain digits that fits a long, as {@code Long.parseLong} reads it. */
    private long timestamp() {
        expect('"');
        int start = pos;
        long v = 0;
        while (pos < n && b[pos] != '"') {
            int d = b[pos] - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) throw UNCOMMON;
            v = v * 10 + d;
            pos++;
        }
        if (pos == start) throw UNCOMMON;
        expect('"');
        return v;
    }

    /** {@code {"name":"value",..}}, later duplicates winning. */
    private TreeMap<String, String> stringMap() {
        TreeMap<String, String> m = new TreeMap<>();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
            return m;
        }
        do {
            skipSpace();
            string();
            if (strLen > MAX_NAME) throw UNCOMMON;
            String name = new String(strBuf, strOff, strLen, StandardCharsets.UTF_8);
            skipSpace();
            expect(':');
            skipSpace();
            string();
            m.put(name, new String(strBuf, strOff, strLen, StandardCharsets.UTF_8));
            skipSpace();
        } while (commaOr('}'));
        return m;
    }

    /**
     * Reads a string into {@code strBuf/strOff/strLen}: a slice of the body when it has no escapes, else its decoded
     * bytes in the arena.
     */
    private void string() {
        expect('"');
        int start = pos;
        int i = start;
        while (true) {
            i = plainRunEnd(i);
            if (i >= n) throw UNCOMMON;
            int c = b[i] & 0xFF;
            if (c == '"') {
                strBuf = b;
                strOff = start;
                strLen = checkedLength(i - start);
                pos = i + 1;
                return;
            }
            if (c == '\\') break;
            i = pastMultiByte(i, c);
        }
        unescapeFrom(start, i);
    }

    /**
     * Decodes the string that starts at {@code start} and has its first escape at {@code escape} into the arena, from
     * {@code arenaUsed} on.
     */
    private void unescapeFrom(int start, int escape) {
        int plain = escape - start;
        int o = room(arenaUsed, plain + 16);
        System.arraycopy(b, start, arena, o, plain);
        o += plain;
        int i = escape;
        while (true) {
            if (i >= n) throw UNCOMMON;
            int c = b[i] & 0xFF;
            if (c == '"') break;
            if (c == '\\') {
                if (i + 1 >= n) throw UNCOMMON;
                byte e = b[i + 1];
                i += 2;
                int simple = TextEscapes.shortEscape(e);
                o = room(o, 4);
                if (simple >= 0) {
                    arena[o++] = (byte) simple;
                } else if (e == 'u') {
                    int cp = TextEscapes.hex4(b, i, n);
                    if (cp < 0) throw UNCOMMON;
                    i += 4;
                    int pair = TextEscapes.joinedSurrogates(cp, b, i, n);
                    if (pair >= 0) {
                        cp = pair;
                        i += 6;
                    }
                    // a surrogate left alone becomes U+FFFD, as Go's decoder has it
                    o = TextEscapes.encodeUtf8(cp, arena, o);
                } else {
                    throw UNCOMMON;
                }
                continue;
            }
            int end = c < 0x20 ? -1 : c < 0x80 ? plainRunEnd(i) : pastMultiByte(i, c);
            if (end < 0) throw UNCOMMON; // an unescaped control character
            o = room(o, end - i);
            System.arraycopy(b, i, arena, o, end - i);
            o += end - i;
            i = end;
        }
        strBuf = arena;
        strOff = arenaUsed;
        strLen = checkedLength(o - arenaUsed);
        arenaUsed = o;
        pos = i + 1;
    }

    /** An arena size that holds every string of a body of {@code length} bytes unescaped (see {@link #room}'s slack). */
    static int arenaBytes(int length) {
        return length + 16;
    }

    /**
     * Makes room for {@code more} bytes after {@code o} for the string being decoded, {@code arena[arenaUsed, o)},
     * moving it to a new arena when the current one is too small; returns where writing goes on.
     */
    private int room(int o, int more) {
        if (arena.length - o >= more) return o;
        int len = o - arenaUsed;
        byte[] next = new byte[Math.max(ARENA_BYTES, 2 * (len + more))];
        System.arraycopy(arena, arenaUsed, next, 0, len);
        arena = next;
        arenaUsed = 0;
        return len;
    }

    /** Index of the first byte from {@code i} that is a quote, a backslash, a control character or non-ASCII; n if none. */
    private int plainRunEnd(int i) {
        if (VECTORS) {
            for (int width = VectorJsonScan.WIDTH; i + width <= n; i += width) {
                int k = VectorJsonScan.firstSpecial(b, i);
                if (k < width) return i + k;
            }
        }
        for (; i + 8 <= n; i += 8) {
            long v = (long) LONG.get(b, i);
            long q = v ^ 0x2222222222222222L;
            long s = v ^ 0x5C5C5C5C5C5C5C5CL;
            // zero bytes of q or s, bytes below 0x20 (borrow) or with the high bit; only the lowest hit is exact
            long hit = ((q - ONES) & ~q | (s - ONES) & ~s | (v - 0x2020202020202020L) | v) & HIGH;
            if (hit != 0) return i + (Long.numberOfTrailingZeros(hit) >>> 3);
        }
        for (; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return i;
        }
        return n;
    }

    /** Past the valid UTF-8 sequence at {@code i} (first byte {@code c}, not a quote or backslash). */
    private int pastMultiByte(int i, int c) {
        if (c < 0x80) throw UNCOMMON; // an unescaped control character, which JSON does not allow
        int len = Utf8.sequenceLength(b, i, n);
        if (len < 0) throw UNCOMMON;
        return i + len;
    }

    private static int checkedLength(int len) {
        if (len > MAX_STRING) throw UNCOMMON;
        return len;
    }

    /** After an element: true on a comma, false on {@code close}, consuming either. */
    private boolean commaOr(char close) {
        int c = peek();
        pos++;
        if (c == ',') return true;
        if (c == close) return false;
        throw UNCOMMON;
    }

    private boolean atKey(String key) {
        int end = pos + key.length() + 2;
        if (end > n || b[pos] != '"' || b[end - 1] != '"') return false;
        for (int k = 0; k < key.length(); k++) {
            if (b[pos + 1 + k] != key.charAt(k)) return false;
        }
        return true;
    }

    /** {@code "key"} (without escapes), then the colon and the space around it. */
    private void expectKey(String key) {
        if (!atKey(key)) throw UNCOMMON;
        pos += key.length() + 2;
        skipSpace();
        expect(':');
        skipSpace();
    }

    private void expectWord(String word) {
        if (pos + word.length() > n) throw UNCOMMON;
        for (int k = 0; k < word.length(); k++) {
            if (b[pos + k] != word.charAt(k)) throw UNCOMMON;
        }
        pos += word.length();
    }

    private void expect(char c) {
        if (pos >= n || b[pos] != c) throw UNCOMMON;
        pos++;
    }

    private int peek() {
        return pos < n ? b[pos] : -1;
    }

    private void skipSpace() {
        while (pos < n) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
            pos++;
        }
    }
}
