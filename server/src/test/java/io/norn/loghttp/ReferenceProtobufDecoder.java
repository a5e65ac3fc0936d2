package io.norn.loghttp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.norn.model.Labels;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The protobuf-java based push decoder {@link ProtobufPushReader} replaced, kept as a reference for tests. */
final class ReferenceProtobufDecoder {
    private static final String[] NO_STRINGS = new String[0];

    private ReferenceProtobufDecoder() {
    }

    /** One decoded stream, each line its own array. */
    record Decoded(Labels labels, long[] ts, byte[][] lines, Labels[] structuredMetadata) {
    }

    static List<Decoded> decodeProtobuf(byte[] raw) throws InvalidProtocolBufferException, BadRequestException {
        CodedInputStream in = CodedInputStream.newInstance(raw);
        in.setSizeLimit(Integer.MAX_VALUE);
        List<Decoded> out = new ArrayList<>();
        try {
            while (true) {
                int tag = in.readTag();
                if (tag == 0) break;
                if (tag == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    out.add(readStream(in));
                    in.popLimit(limit);
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e.getMessage());
        }
        return out;
    }

    private static Decoded readStream(CodedInputStream in) throws IOException, BadRequestException {
        String labels = "";
        List<Long> ts = new ArrayList<>();
        List<byte[]> lines = new ArrayList<>();
        List<Labels> sm = new ArrayList<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) break;
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> labels = in.readStringRequireUtf8();
                case 2 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    readEntry(in, ts, lines, sm);
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        Labels parsed = LabelsParser.parse(labels);
        return new Decoded(parsed, ts.stream().mapToLong(Long::longValue).toArray(), lines.toArray(byte[][]::new), sm.toArray(Labels[]::new));
    }

    private static void readEntry(CodedInputStream in, List<Long> ts, List<byte[]> lines, List<Labels> sm) throws IOException {
        long seconds = 0;
        int nanos = 0;
        byte[] line = new byte[0];
        List<String> pairs = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) break;
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (true) {
                        int t = in.readTag();
                        if (t == 0) break;
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case 1 -> seconds = in.readInt64();
                            case 2 -> nanos = in.readInt32();
                            default -> in.skipField(t);
                        }
                    }
                    in.popLimit(limit);
                }
                case 2 -> line = in.readByteArray();
                case 3 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    String name = "";
                    String value = "";
                    while (true) {
                        int t = in.readTag();
                        if (t == 0) break;
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case 1 -> name = in.readString();
                            case 2 -> value = in.readString();
                            default -> in.skipField(t);
                        }
                    }
                    in.popLimit(limit);
                    if (pairs == null) pairs = new ArrayList<>();
                    pairs.add(name);
                    pairs.add(value);
                }
                default -> in.skipField(tag);
            }
        }
        ts.add(seconds * 1_000_000_000L + nanos);
        lines.add(line);
        sm.add(pairs == null ? Labels.EMPTY : Labels.of(pairs.toArray(NO_STRINGS)));
    }

}
