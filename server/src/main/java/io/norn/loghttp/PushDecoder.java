package io.norn.loghttp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.xerial.snappy.Snappy;
import io.norn.model.Labels;
import io.norn.model.TextEscapes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Decodes Loki push bodies: JSON (optionally gzip/deflate encoded) and snappy-compressed protobuf
 * {@code logproto.PushRequest}. Malformed input yields a {@link BadRequestException} naming the problem.
 */
public final class PushDecoder {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final java.lang.invoke.VarHandle LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private PushDecoder() {
    }

    /**
     * A request body: the first {@code length} bytes of {@code buffer}, which comes from a pool when the body is read
     * as it was sent. Close it once nothing uses its bytes any more (decoded lines may point into it).
     */
    public record Body(byte[] buffer, int length, boolean pooled) implements AutoCloseable {
        @Override
        public void close() {
            if (pooled) BODIES.offer(buffer);
        }
    }

    /** Request bodies as sent, reused: four pushes in flight take four. */
    private static final java.util.concurrent.BlockingQueue<byte[]> BODIES = new java.util.concurrent.ArrayBlockingQueue<>(16);

    /**
     * {@link #readBody} into a pooled buffer when the body needs no decompression here and its length is known (the
     * usual push: snappy protobuf or plain JSON); into a new array otherwise.
     */
    public static Body readBodyPooled(InputStream in, long contentLength, String contentEncoding, long maxRecvBytes,
                                      long maxDecompressedBytes) throws IOException, BadRequestException {
        String enc = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(java.util.Locale.ROOT);
        boolean asSent = enc.isEmpty() || enc.equals("identity") || enc.equals("snappy");
        if (!asSent || contentLength < 0 || contentLength > maxRecvBytes || contentLength > MAX_POOLED_BUFFER) {
            byte[] b = readBody(in, contentLength, contentEncoding, maxRecvBytes, maxDecompressedBytes);
            return new Body(b, b.length, false);
        }
        int len = (int) contentLength;
        byte[] buf = BODIES.poll();
        if (buf == null || buf.length < len) buf = new byte[Math.max(len, 64 << 10)];
        Body body = new Body(buf, len, true);
        if (in.readNBytes(buf, 0, len) < len) {
            body.close();
            throw new BadRequestException("request body shorter than its Content-Length");
        }
        return body;
    }

    /** Reads a body, enforcing the compressed and decompressed size limits (413 beyond them). */
    public static byte[] readBody(InputStream in, long contentLength, String contentEncoding, long maxRecvBytes,
                                  long maxDecompressedBytes) throws IOException, BadRequestException {
        String tooLarge = "request body too large: limit " + maxRecvBytes + " bytes";
        byte[] raw;
        if (contentLength > maxRecvBytes) throw new BadRequestException(413, tooLarge);
        if (contentLength >= 0) {
            raw = new byte[(int) contentLength];
            if (in.readNBytes(raw, 0, raw.length) < contentLength) throw new BadRequestException("request body shorter than its Content-Length");
        } else {
            raw = readLimited(in, maxRecvBytes, tooLarge);
        }
        String enc = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (enc) {
            case "", "identity", "snappy" -> raw;
            case "gzip" -> {
                try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                    yield readLimited(gz, maxDecompressedBytes, "request body too large: decompressed size exceeds " + maxDecompressedBytes + " bytes");
                } catch (java.util.zip.ZipException | java.io.EOFException e) {
                    throw new BadRequestException("gzip: invalid body: " + e.getMessage());
                }
            }
            case "deflate" -> {
                try (InputStream df = new InflaterInputStream(new java.io.ByteArrayInputStream(raw), new Inflater(true))) {
                    yield readLimited(df, maxDecompressedBytes, "request body too large: decompressed size exceeds " + maxDecompressedBytes + " bytes");
                } catch (java.util.zip.ZipException | java.io.EOFException e) {
                    throw new BadRequestException("flate: invalid body: " + e.getMessage());
                }
            }
            default -> throw new BadRequestException("Content-Encoding \"" + contentEncoding + "\" not supported");
        };
    }

    private static byte[] readLimited(InputStream in, long max, String tooLarge) throws IOException, BadRequestException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) throw new BadRequestException(413, tooLarge);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    public static List<PushStream> decodeSnappyProtobuf(byte[] body, long maxDecompressedBytes) throws BadRequestException {
        try (Decoded d = decodeSnappyProtobufPooled(body, maxDecompressedBytes)) {
            List<PushStream> streams = d.streams();
            // The lines point into the pooled buffer: copy them out before it goes back.
            List<PushStream> out = new ArrayList<>(streams.size());
            for (PushStream ps : streams) {
                byte[][] lines = new byte[ps.size()][];
                for (int i = 0; i < lines.length; i++) lines[i] = ps.line(i);
                int[] lens = new int[lines.length];
                for (int i = 0; i < lines.length; i++) lens[i] = lines[i].length;
                out.add(new PushStream(ps.labels(), ps.ts(), lines, new int[lines.length], lens, ps.structuredMetadata()));
            }
            return out;
        }
    }

    /**
     * Decoded streams whose lines point into a pooled buffer: use them only until {@link #close}, which gives the
     * buffer back for another request.
     */
    public record Decoded(List<PushStream> streams, byte[] buffer) implements AutoCloseable {
        @Override
        public void close() {
            if (buffer.length <= MAX_POOLED_BUFFER) BUFFERS.offer(buffer);
        }
    }

    /** Decompressed request buffers, reused: a push decompresses into one, and its lines stay slices of it. */
    private static final java.util.concurrent.BlockingQueue<byte[]> BUFFERS = new java.util.concurrent.ArrayBlockingQueue<>(16);
    private static final int MAX_POOLED_BUFFER = 4 << 20;

    /** Decompresses and decodes a snappy protobuf push into a pooled buffer; close the result when done with it. */
    public static Decoded decodeSnappyProtobufPooled(byte[] body, long maxDecompressedBytes) throws BadRequestException {
        return decodeSnappyProtobufPooled(body, body.length, maxDecompressedBytes);
    }

    /** {@link #decodeSnappyProtobufPooled(byte[], long)} of the first {@code bodyLen} bytes of {@code body}. */
    public static Decoded decodeSnappyProtobufPooled(byte[] body, int bodyLen, long maxDecompressedBytes) throws BadRequestException {
        int len;
        byte[] raw;
        try {
            len = Snappy.uncompressedLength(body, 0, bodyLen);
            if (len < 0 || len > maxDecompressedBytes) {
                throw new BadRequestException(413, "request body too large: decompressed size " + len + " exceeds " + maxDecompressedBytes + " bytes");
            }
            raw = BUFFERS.poll();
            if (raw == null || raw.length < len) raw = new byte[Math.max(len, 64 << 10)];
            // Native snappy: several times faster than the pure-Java decoder on the push path.
            int n = Snappy.uncompress(body, 0, bodyLen, raw, 0);
            if (n != len) throw new BadRequestException("snappy: corrupt input");
        } catch (IllegalArgumentException | IOException e) {
            throw new BadRequestException("snappy: corrupt input");
        }
        Decoded d = new Decoded(List.of(), raw);
        try {
            return new Decoded(ProtobufPushReader.read(raw, len), raw);
        } catch (BadRequestException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** Decodes the JSON push body ({@code {"streams":[{"stream":{...},"values":[[ts, line, {sm}], ...]}]}}). */
    public static List<PushStream> decodeJson(byte[] body) throws BadRequestException {
        return decodeJson(body, body.length);
    }

    /**
     * {@link #decodeJson(byte[])} of the first {@code bodyLen} bytes of {@code body}; the lines may point into
     * {@code body}, so keep it until they are used.
     */
    public static List<PushStream> decodeJson(byte[] body, int bodyLen) throws BadRequestException {
        byte[] input = Utf8.sanitize(body, bodyLen);
        Input in = new Input(input, input == body ? bodyLen : input.length);
        try (JsonParser p = JSON.createParser(in.bytes, 0, in.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadRequestException("push request must be a JSON object");
            List<PushStream> out = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("streams")) {
                    if (t == JsonToken.VALUE_NULL) continue;
                    if (t != JsonToken.START_ARRAY) throw new BadRequestException("\"streams\" must be an array");
                    out = new ArrayList<>();
                    // pushes mostly carry streams of similar sizes
                    int expected = 64;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (t == JsonToken.VALUE_NULL) continue;
                        if (t != JsonToken.START_OBJECT) throw new BadRequestException("each stream must be a JSON object");
                        PushStream ps = readJsonStream(p, in, expected);
                        expected = ps.size();
                        out.add(ps);
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new BadRequestException("unexpected data after the push request object");
            }
            if (out == null) throw new BadRequestException("push request has no \"streams\" field");
            return out;
        } catch (JsonParseException e) {
            throw new BadRequestException("invalid JSON push request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("invalid JSON push request: " + e.getMessage());
        }
    }

    /**
     * The JSON text (its first {@code length} bytes) and an arena for the lines whose escapes are decoded here: they
     * point into it, several lines to an array.
     */
    private static final class Input {
        private static final int ARENA_BYTES = 64 << 10;
        final byte[] bytes;
        final int length;
        byte[] arena = new byte[0];
        int arenaUsed;

        Input(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        /** Makes room for {@code n} more bytes in the arena (a new array when the current one is full). */
        void reserve(int n) {
            if (arena.length - arenaUsed >= n) return;
            arena = new byte[Math.max(ARENA_BYTES, n)];
            arenaUsed = 0;
        }
    }

    private static PushStream readJsonStream(JsonParser p, Input input, int expectedEntries) throws IOException, BadRequestException {
        TreeMap<String, String> labels = null;
        Lines lines = new Lines(expectedEntries);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "stream" -> {
                    if (t == JsonToken.VALUE_NULL) continue;
                    labels = readStringMap(p, "stream");
                }
                case "values" -> {
                    if (t == JsonToken.VALUE_NULL) continue;
                    if (t != JsonToken.START_ARRAY) throw new BadRequestException("\"values\" must be an array");
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (t == JsonToken.VALUE_NULL) continue;
                        if (t != JsonToken.START_ARRAY) throw new BadRequestException("each value must be an array [timestamp, line]");
                        readJsonValue(p, input, lines);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (labels == null) throw new BadRequestException("error at least one label pair is required per stream");
        for (String name : labels.keySet()) {
            if (!LabelsParser.isValidName(name)) {
                throw new BadRequestException("couldn't parse labels: invalid label name " + io.norn.model.GoQuote.quote(name));
            }
        }
        labels.values().removeIf(String::isEmpty);
        return lines.toStream(Labels.of(labels));
    }

    private static void readJsonValue(JsonParser p, Input input, Lines lines) throws IOException, BadRequestException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING) {
            throw new BadRequestException("timestamp must be a string of Unix nanoseconds, got " + describe(t, p));
        }
        long tsNanos = rawDigits(p, input);
        if (tsNanos < 0) {
            String tsText = p.getText();
            try {
                tsNanos = Long.parseLong(tsText);
            } catch (NumberFormatException e) {
                throw new BadRequestException("strconv.ParseInt: parsing " + io.norn.model.GoQuote.quote(tsText) + ": invalid syntax");
            }
        }
        t = p.nextToken();
        if (t != JsonToken.VALUE_STRING) throw new BadRequestException("log line must be a string, got " + describe(t, p));
        int start = rawStart(p, input);
        int end = start < 0 ? -1 : rawEnd(input, start);
        byte[] lineBuf = input.bytes;
        int lineOff = start;
        int lineLen = end - start;
        if (end < 0) {
            lineLen = start < 0 ? -1 : unescape(input, start);
            if (lineLen >= 0) {
                lineBuf = input.arena;
                lineOff = input.arenaUsed - lineLen;
            } else {
                lineBuf = utf8(p);
                lineOff = 0;
                lineLen = lineBuf.length;
            }
        }
        Labels meta = Labels.EMPTY;
        t = p.nextToken();
        if (t == JsonToken.START_OBJECT) {
            TreeMap<String, String> m = readStringMapBody(p, "structured metadata");
            meta = m.isEmpty() ? Labels.EMPTY : Labels.of(m);
            t = p.nextToken();
        } else if (t == JsonToken.VALUE_NULL) {
            t = p.nextToken();
        }
        if (t != JsonToken.END_ARRAY) throw new BadRequestException("a value has at most 3 elements: [timestamp, line, structured metadata]");
        lines.add(tsNanos, lineBuf, lineOff, lineLen, meta);
    }

    /**
     * Decodes the string starting at {@code start} (after its opening quote), escapes and all, into the input's arena
     * and returns its length, the bytes ending at {@code arenaUsed}; -1 for what only the parser decodes the way Loki
     * stores it (a lone surrogate) and for what it rejects (an unknown escape, no closing quote). The parser still
     * checks the string when it moves on.
     */
    private static int unescape(Input in, int start) {
        byte[] b = in.bytes;
        int close = start;
        while (close < in.length && b[close] != '"') close += b[close] == '\\' ? 2 : 1;
        if (close >= in.length) return -1;
        // decoding never lengthens: an escape takes at least as many bytes as its UTF-8
        in.reserve(close - start);
        byte[] out = in.arena;
        int o = in.arenaUsed;
        int i = start;
        while (i < close) {
            byte c = b[i];
            if (c != '\\') {
                out[o++] = c;
                i++;
                continue;
            }
            byte e = b[i + 1];
            i += 2;
            int simple = TextEscapes.shortEscape(e);
            if (simple >= 0) {
                out[o++] = (byte) simple;
            } else if (e == 'u') {
                int cp = TextEscapes.hex4(b, i, close);
                if (cp < 0) return -1;
                i += 4;
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    int low = cp <= 0xDBFF && i + 1 < close && b[i] == '\\' && b[i + 1] == 'u' ? TextEscapes.hex4(b, i + 2, close) : -1;
                    if (low < 0xDC00 || low > 0xDFFF) return -1;
                    i += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                o = TextEscapes.encodeUtf8(cp, out, o);
            } else {
                return -1;
            }
        }
        int len = o - in.arenaUsed;
        in.arenaUsed = o;
        return len;
    }

    /** Start of the current string token's text in {@code input} (after its opening quote), or -1. */
    private static int rawStart(JsonParser p, Input input) {
        long at = p.currentTokenLocation().getByteOffset();
        return at >= 0 && at < input.length && input.bytes[(int) at] == '"' ? (int) at + 1 : -1;
    }

    /**
     * The end (closing quote) of a string token's text starting at {@code start} when it has no escapes, so that it
     * can be taken straight from the (valid UTF-8) input without decoding it to a String; -1 when it has escapes.
     * The parser still checks the string when it moves on.
     */
    private static int rawEnd(Input in, int start) {
        byte[] input = in.bytes;
        int i = start;
        // Eight bytes at a time: the lowest byte equal to '"' or '\\' ends the plain run.
        for (; i + 8 <= in.length; i += 8) {
            long v = (long) LONG.get(input, i);
            long q = v ^ 0x2222222222222222L;
            long bs = v ^ 0x5C5C5C5C5C5C5C5CL;
            long hit = ((q - 0x0101010101010101L) & ~q | (bs - 0x0101010101010101L) & ~bs) & 0x8080808080808080L;
            if (hit != 0) {
                i += Long.numberOfTrailingZeros(hit) >>> 3;
                return input[i] == '"' ? i : -1;
            }
        }
        for (; i < in.length; i++) {
            byte c = input[i];
            if (c == '"') return i;
            if (c == '\\') return -1;
        }
        return -1;
    }

    /** The current string token as a non-negative number when it is 1 to 18 plain digits, else -1. */
    private static long rawDigits(JsonParser p, Input input) {
        int start = rawStart(p, input);
        if (start < 0) return -1;
        long v = 0;
        for (int i = start; i < input.length && i - start <= 18; i++) {
            byte c = input.bytes[i];
            if (c == '"') return i > start ? v : -1;
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return -1;
    }

    private static byte[] utf8(JsonParser p) throws IOException {
        // getText decodes escapes; re-encoding keeps lines byte-exact for valid UTF-8 input.
        return p.getText().getBytes(StandardCharsets.UTF_8);
    }

    private static TreeMap<String, String> readStringMap(JsonParser p, String what) throws IOException, BadRequestException {
        if (p.currentToken() != JsonToken.START_OBJECT) throw new BadRequestException("\"" + what + "\" must be an object of string values");
        return readStringMapBody(p, what);
    }

    private static TreeMap<String, String> readStringMapBody(JsonParser p, String what) throws IOException, BadRequestException {
        TreeMap<String, String> m = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_STRING) throw new BadRequestException(what + " value of \"" + name + "\" must be a string");
            m.put(name, p.getText());
        }
        return m;
    }

    private static String describe(JsonToken t, JsonParser p) throws IOException {
        return t == null ? "end of input" : t.isScalarValue() ? p.getText() : t.asString() == null ? t.name() : t.asString();
    }

    /** The entries of one stream as they are read: growable parallel arrays. */
    private static final class Lines {
        private long[] ts;
        private byte[][] bufs;
        private int[] offs;
        private int[] lens;
        private Labels[] sm;
        private int n;

        /** {@code capacity}: the expected number of entries (the previous stream's, in a push), so that the arrays fit. */
        Lines(int capacity) {
            int c = Math.max(1, capacity);
            ts = new long[c];
            bufs = new byte[c][];
            offs = new int[c];
            lens = new int[c];
            sm = new Labels[c];
        }

        void add(long t, byte[] buf, int off, int len, Labels meta) {
            if (n == ts.length) {
                int grown = Math.max(64, n * 2);
                ts = Arrays.copyOf(ts, grown);
                bufs = Arrays.copyOf(bufs, grown);
                offs = Arrays.copyOf(offs, grown);
                lens = Arrays.copyOf(lens, grown);
                sm = Arrays.copyOf(sm, grown);
            }
            ts[n] = t;
            bufs[n] = buf;
            offs[n] = off;
            lens[n] = len;
            sm[n] = meta;
            n++;
        }

        PushStream toStream(Labels labels) {
            if (n == ts.length) return new PushStream(labels, ts, bufs, offs, lens, sm);
            return new PushStream(labels, Arrays.copyOf(ts, n), Arrays.copyOf(bufs, n), Arrays.copyOf(offs, n), Arrays.copyOf(lens, n),
                    Arrays.copyOf(sm, n));
        }

        int size() {
            return n;
        }
    }
}
