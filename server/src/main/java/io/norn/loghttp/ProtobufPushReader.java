package io.norn.loghttp;

import io.norn.model.Labels;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a decompressed {@code logproto.PushRequest} straight from its bytes: {@code streams = 1} of
 * {@code {labels = 1 (string), entries = 2 {timestamp = 1 {seconds = 1, nanos = 2}, line = 2 (bytes),
 * structuredMetadata = 3 {name = 1, value = 2}}}}; unknown fields (groups included) are skipped, as protobuf
 * parsers do. Malformed input yields a {@link BadRequestException} with protobuf's wording. Not thread-safe: one
 * reader per request.
 */
final class ProtobufPushReader {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int START_GROUP = 3;
    private static final int END_GROUP = 4;
    private static final int FIXED32 = 5;
    private static final String TRUNCATED = "While parsing a protocol message, the input ended unexpectedly in the middle of a field. "
            + "This could mean either that the input has been truncated or that an embedded message misreported its own length.";
    /** Parsed stream label sets by their text: clients push the same few streams over and over. */
    private static final ConcurrentHashMap<String, Labels> LABELS = new ConcurrentHashMap<>();
    private static final int LABELS_CACHE_MAX = 16_384;

    private final byte[] b;
    private int pos;
    /** The entries of all streams read so far. */
    private final EntryColumns columns;

    private ProtobufPushReader(byte[] b, EntryColumns columns) {
        this.b = b;
        this.columns = columns;
    }

    static List<PushStream> read(byte[] raw) throws BadRequestException {
        return read(raw, raw.length, new EntryColumns(64));
    }

    /** Reads the request in {@code raw[0, length)}, its entries added to {@code columns}. */
    static List<PushStream> read(byte[] raw, int length, EntryColumns columns) throws BadRequestException {
        ProtobufPushReader r = new ProtobufPushReader(raw, columns);
        List<PushStream> out = new ArrayList<>();
        int end = length;
        while (r.pos < end) {
            int tag = r.tag(end);
            if (tag == ((1 << 3) | LENGTH_DELIMITED)) {
                int len = r.length(end);
                out.add(r.stream(r.pos + len));
            } else {
                r.skip(tag, end);
            }
        }
        return out;
    }

    /**
     * The number of entries of the stream message ending at {@code end}, read ahead without decoding them, so that
     * the columns grow at most once for them; -1 if the message is malformed (decoding reports how).
     */
    private int countEntries(int end) {
        int start = pos;
        int n = 0;
        try {
            while (pos < end) {
                int tag = tag(end);
                if (tag == ((2 << 3) | LENGTH_DELIMITED)) {
                    advance(length(end), end);
                    n++;
                } else {
                    skip(tag, end);
                }
            }
            return n;
        } catch (BadRequestException | RuntimeException e) {
            return -1;
        } finally {
            pos = start;
        }
    }

    private PushStream stream(int end) throws BadRequestException {
        String labels = "";
        columns.ensure(Math.max(0, countEntries(end)));
        int from = columns.size();
        while (pos < end) {
            int tag = tag(end);
            if (tag == ((1 << 3) | LENGTH_DELIMITED)) {
                int len = length(end);
                if (!Utf8.isValid(b, pos, len)) throw new BadRequestException("proto: Protocol message had invalid UTF-8.");
                labels = new String(b, pos, len, StandardCharsets.UTF_8);
                pos += len;
            } else if (tag == ((2 << 3) | LENGTH_DELIMITED)) {
                int entryLen = length(end);
                int entryEnd = pos + entryLen;
                long seconds = 0;
                int nanos = 0;
                int lineOff = 0;
                int lineLen = 0;
                List<String> pairs = null;
                while (pos < entryEnd) {
                    int t = tag(entryEnd);
                    if (t == ((1 << 3) | LENGTH_DELIMITED)) {
                        int tsLen = length(entryEnd);
                        int tsEnd = pos + tsLen;
                        while (pos < tsEnd) {
                            int u = tag(tsEnd);
                            if (u == ((1 << 3) | VARINT)) seconds = varint64(tsEnd);
                            else if (u == ((2 << 3) | VARINT)) nanos = (int) varint64(tsEnd);
                            else skip(u, tsEnd);
                        }
                    } else if (t == ((2 << 3) | LENGTH_DELIMITED)) {
                        lineLen = length(entryEnd);
                        lineOff = pos;
                        pos += lineLen;
                    } else if (t == ((3 << 3) | LENGTH_DELIMITED)) {
                        if (pairs == null) pairs = new ArrayList<>(4);
                        int pairLen = length(entryEnd);
                        pair(pos + pairLen, pairs);
                    } else {
                        skip(t, entryEnd);
                    }
                }
                columns.add(seconds * 1_000_000_000L + nanos, b, lineOff, lineLen,
                        pairs == null ? Labels.EMPTY : Labels.of(pairs.toArray(String[]::new)));
            } else {
                skip(tag, end);
            }
        }
        return columns.stream(labels(labels), from);
    }

    private static Labels labels(String text) throws BadRequestException {
        Labels l = LABELS.get(text);
        if (l != null) return l;
        l = LabelsParser.parse(text);
        if (LABELS.size() >= LABELS_CACHE_MAX) LABELS.clear();
        LABELS.put(text, l);
        return l;
    }

    private void pair(int end, List<String> pairs) throws BadRequestException {
        String name = "";
        String value = "";
        while (pos < end) {
            int t = tag(end);
            if (t == ((1 << 3) | LENGTH_DELIMITED) || t == ((2 << 3) | LENGTH_DELIMITED)) {
                int len = length(end);
                String v = new String(b, pos, len, StandardCharsets.UTF_8);
                pos += len;
                if (t >>> 3 == 1) name = v;
                else value = v;
            } else {
                skip(t, end);
            }
        }
        pairs.add(name);
        pairs.add(value);
    }

    private int tag(int end) throws BadRequestException {
        int tag = (int) varint64(end);
        if (tag >>> 3 == 0) throw new BadRequestException("proto: Protocol message contained an invalid tag (zero).");
        return tag;
    }

    /** A length prefix whose bytes must fit before {@code end}; leaves the position at the first of them. */
    private int length(int end) throws BadRequestException {
        long len = (int) varint64(end);
        if (len < 0) {
            throw new BadRequestException("proto: CodedInputStream encountered an embedded string or message which claimed to have negative size.");
        }
        if (len > end - pos) throw new BadRequestException("proto: " + TRUNCATED);
        return (int) len;
    }

    private long varint64(int end) throws BadRequestException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) throw new BadRequestException("proto: " + TRUNCATED);
            byte x = b[pos++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) return v;
        }
        throw new BadRequestException("proto: CodedInputStream encountered a malformed varint.");
    }

    private void skip(int tag, int end) throws BadRequestException {
        switch (tag & 7) {
            case VARINT -> varint64(end);
            case FIXED64 -> advance(8, end);
            case LENGTH_DELIMITED -> advance(length(end), end);
            case FIXED32 -> advance(4, end);
            case START_GROUP -> {
                int endTag = (tag & ~7) | END_GROUP;
                while (true) {
                    if (pos >= end) throw new BadRequestException("proto: " + TRUNCATED);
                    int t = tag(end);
                    if (t == endTag) return;
                    if ((t & 7) == END_GROUP) throw new BadRequestException("proto: Protocol message end-group tag did not match expected tag.");
                    skip(t, end);
                }
            }
            case END_GROUP -> throw new BadRequestException("proto: Protocol message end-group tag did not match expected tag.");
            default -> throw new BadRequestException("proto: Protocol message tag had invalid wire type.");
        }
    }

    private void advance(int n, int end) throws BadRequestException {
        if (n > end - pos) throw new BadRequestException("proto: " + TRUNCATED);
        pos += n;
    }
}
