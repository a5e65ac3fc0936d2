package io.norn.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds Loki push request bodies for tests, in both wire formats: JSON and snappy-compressed protobuf
 * ({@code logproto.PushRequest}). Written by hand from the Loki push.proto field numbers so that the tests
 * do not share code with the server's decoder.
 */
final class PushBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PushBodies() {
    }

    /** One log entry; {@code metadata} is structured metadata (may be empty). */
    record Entry(long tsNanos, String line, Map<String, String> metadata) {
        Entry {
            metadata = Map.copyOf(metadata);
        }

        Entry(long tsNanos, String line) {
            this(tsNanos, line, Map.of());
        }
    }

    /** One stream of a push: its label set and its entries. */
    record Stream(Map<String, String> labels, List<Entry> entries) {
        Stream {
            labels = Map.copyOf(labels);
            entries = List.copyOf(entries);
        }

        /** Loki's label-set text as protobuf pushes carry it: {@code {a="1", b="2"}}, sorted by name. */
        String selector() {
            return new TreeMap<>(labels).entrySet().stream()
                    .map(e -> e.getKey() + "=" + quote(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** A JSON push body ({@code {"streams":[{"stream":{...},"values":[["ts","line"{,metadata}],...]}]}}). */
    static String json(List<Stream> streams) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("streams");
            for (Stream s : streams) {
                g.writeStartObject();
                g.writeObjectFieldStart("stream");
                for (Map.Entry<String, String> l : new TreeMap<>(s.labels()).entrySet()) g.writeStringField(l.getKey(), l.getValue());
                g.writeEndObject();
                g.writeArrayFieldStart("values");
                for (Entry e : s.entries()) {
                    g.writeStartArray();
                    g.writeString(Long.toString(e.tsNanos()));
                    g.writeString(e.line());
                    if (!e.metadata().isEmpty()) {
                        g.writeStartObject();
                        for (Map.Entry<String, String> m : new TreeMap<>(e.metadata()).entrySet()) g.writeStringField(m.getKey(), m.getValue());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A snappy-compressed {@code logproto.PushRequest}, as Promtail sends it. */
    static byte[] snappyProtobuf(List<Stream> streams) {
        return snappy(protobuf(streams));
    }

    /**
     * The uncompressed {@code PushRequest}: streams = 1; StreamAdapter labels = 1, entries = 2; EntryAdapter
     * timestamp = 1 (google.protobuf.Timestamp seconds = 1, nanos = 2), line = 2, structuredMetadata = 3
     * (LabelPairAdapter name = 1, value = 2).
     */
    static byte[] protobuf(List<Stream> streams) {
        Message req = new Message();
        for (Stream s : streams) req.bytes(1, streamMessage(s.selector(), s.entries()));
        return req.toByteArray();
    }

    /** A snappy-compressed push of one stream whose label text is sent as given (it may be invalid on purpose). */
    static byte[] snappyProtobuf(String labelsText, List<Entry> entries) {
        Message req = new Message();
        req.bytes(1, streamMessage(labelsText, entries));
        return snappy(req.toByteArray());
    }

    private static byte[] streamMessage(String labelsText, List<Entry> entries) {
        Message stream = new Message();
        stream.string(1, labelsText);
        for (Entry e : entries) {
            Message entry = new Message();
            Message ts = new Message();
            ts.int64(1, Math.floorDiv(e.tsNanos(), 1_000_000_000L));
            ts.int32(2, (int) Math.floorMod(e.tsNanos(), 1_000_000_000L));
            entry.bytes(1, ts.toByteArray());
            entry.string(2, e.line());
            for (Map.Entry<String, String> m : new TreeMap<>(e.metadata()).entrySet()) {
                Message pair = new Message();
                pair.string(1, m.getKey());
                pair.string(2, m.getValue());
                entry.bytes(3, pair.toByteArray());
            }
            stream.bytes(2, entry.toByteArray());
        }
        return stream.toByteArray();
    }

    /** Snappy block format (not framed), as Loki expects for {@code application/x-protobuf}. */
    static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A protobuf message under construction; not thread-safe. */
    private static final class Message {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(buf);

        void string(int field, String value) {
            try {
                out.writeString(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void bytes(int field, byte[] value) {
            try {
                out.writeByteArray(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void int64(int field, long value) {
            try {
                out.writeInt64(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void int32(int field, int value) {
            try {
                out.writeInt32(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] toByteArray() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buf.toByteArray();
        }
    }
}
