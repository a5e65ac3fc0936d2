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
                int n = ps.size();
                byte[][] lines = new byte[n][];
                int[] lens = new int[n];
                for (int i = 0; i < n; i++) {
                    lines[i] = ps.line(i);
                    lens[i] = lines[i].length;
                }
                out.add(new PushStream(ps.labels(), ps.timestamps(), lines, new int[n], lens,
                        Arrays.copyOfRange(ps.structuredMetadata(), ps.from(), ps.to())));
            }
            return out;
        }
    }

    /**
     * Decoded streams whose lines point into a pooled buffer and whose entries are pooled columns: use them only until
     * {@link #close}, which gives both back for another request.
     */
    public record Decoded(List<PushStream> streams, byte[] buffer, EntryColumns columns) implements AutoCloseable {
        @Override
        public void close() {
            if (buffer.length <= MAX_POOLED_BUFFER) BUFFERS.offer(buffer);
            EntryColumns.give(columns);
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
        Decoded d = new Decoded(List.of(), raw, EntryColumns.take());
        try {
            return new Decoded(ProtobufPushReader.read(raw, len, d.columns()), raw, d.columns());
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
        List<PushStream> usual = JsonPushReader.read(body, bodyLen);
        return usual != null ? usual : decodeAnyJson(body, bodyLen);
    }

    /**
     * {@link #decodeJson(byte[], int)} with unescaped lines written to a pooled buffer rather than new arrays; close
     * the result once nothing uses its lines any more.
     */
    public static Decoded decodeJsonPooled(byte[] body, int bodyLen) throws BadRequestException {
        int arenaLen = JsonPushReader.arenaBytes(bodyLen);
        byte[] arena = BUFFERS.poll();
        if (arena == null || arena.length < arenaLen) arena = new byte[Math.max(arenaLen, 64 << 10)];
        EntryColumns columns = EntryColumns.take();
        List<PushStream> usual = JsonPushReader.read(body, bodyLen, arena, columns);
        return new Decoded(usual != null ? usual : decodeAnyJson(body, bodyLen), arena, columns);
    }

    /** Decodes any JSON push body, however unusual, or names what is wrong with it. */
    static List<PushStream> decodeAnyJson(byte[] body, int bodyLen) throws BadRequestException {
        byte[] input = Utf8.sanitize(body, bodyLen);
        try (JsonParser p = JSON.createParser(input, 0, input == body ? bodyLen : input.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadRequestException("push request must be a JSON object");
            List<PushStream> out = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("streams")) {
                    if (t == JsonToken.VALUE_NULL) continue;
                    if (t != JsonToken.START_ARRAY) throw new BadRequestException("\"streams\" must be an array");
                    out = new ArrayList<>();
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (t == JsonToken.VALUE_NULL) continue;
                        if (t != JsonToken.START_OBJECT) throw new BadRequestException("each stream must be a JSON object");
                        out.add(readJsonStream(p));
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
            throw new BadRequestException("invalid JSON push request: " + syntaxProblem(e));
        } catch (IOException e) {
            throw new BadRequestException("invalid JSON push request: " + e.getMessage());
        }
    }

    /** Jackson's description of a syntax error and where it is, without its placeholder for the (hidden) source. */
    private static String syntaxProblem(JsonParseException e) {
        String what = e.getOriginalMessage().replace("[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "[");
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null ? what : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static PushStream readJsonStream(JsonParser p) throws IOException, BadRequestException {
        TreeMap<String, String> labels = null;
        EntryColumns lines = new EntryColumns(64);
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
                        readJsonValue(p, lines);
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
        return lines.stream(Labels.of(labels), 0);
    }

    private static void readJsonValue(JsonParser p, EntryColumns lines) throws IOException, BadRequestException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING) {
            throw new BadRequestException("timestamp must be a string of Unix nanoseconds, got " + describe(t, p));
        }
        String tsText = p.getText();
        long tsNanos;
        try {
            tsNanos = Long.parseLong(tsText);
        } catch (NumberFormatException e) {
            throw new BadRequestException("strconv.ParseInt: parsing " + io.norn.model.GoQuote.quote(tsText) + ": invalid syntax");
        }
        t = p.nextToken();
        if (t != JsonToken.VALUE_STRING) throw new BadRequestException("log line must be a string, got " + describe(t, p));
        byte[] line = utf8(p.getText());
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
        lines.add(tsNanos, line, 0, line.length, meta);
    }

    /** {@code s} with each surrogate escaped alone replaced by U+FFFD, as Go's decoder has it. */
    private static String wellFormed(String s) {
        return hasSurrogate(s) ? new String(utf8(s), StandardCharsets.UTF_8) : s;
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) return true;
        }
        return false;
    }

    /** UTF-8 of a decoded string; a surrogate escaped alone (no pair) becomes U+FFFD, as Go's decoder has it. */
    private static byte[] utf8(String s) {
        if (!hasSurrogate(s)) return s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[s.length() * 3];
        int o = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            o = TextEscapes.encodeUtf8(cp, out, o);
        }
        return Arrays.copyOf(out, o);
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
            m.put(wellFormed(name), wellFormed(p.getText()));
        }
        return m;
    }

    private static String describe(JsonToken t, JsonParser p) throws IOException {
        return t == null ? "end of input" : t.isScalarValue() ? p.getText() : t.asString() == null ? t.name() : t.asString();
    }
}
