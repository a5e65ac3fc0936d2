package io.norn.loghttp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufPushReaderTest {
    /** Writes a message with {@code body} as a length-delimited field. */
    interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] message(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        body.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    static void unknownFields(CodedOutputStream out, Random rnd) throws IOException {
        if (rnd.nextInt(3) > 0) return;
        out.writeUInt64(9, rnd.nextLong());
        out.writeFixed64(10, rnd.nextLong());
        out.writeFixed32(11, rnd.nextInt());
        out.writeBytes(12, ByteString.copyFromUtf8("ignored " + rnd.nextInt()));
        out.writeTag(13, 3);
        out.writeUInt32(1, 7);
        out.writeTag(13, 4);
    }

    static byte[] randomRequest(Random rnd) throws IOException {
        return message(out -> {
            for (int s = 0; s < 1 + rnd.nextInt(4); s++) {
                byte[] stream = message(st -> {
                    unknownFields(st, rnd);
                    st.writeString(1, "{app=\"a" + rnd.nextInt(3) + "\", env=\"ü\\\"x\"}");
                    for (int e = 0; e < rnd.nextInt(300); e++) {
                        byte[] entry = message(en -> {
                            unknownFields(en, rnd);
                            if (rnd.nextInt(10) > 0) {
                                en.writeByteArray(1, message(t -> {
                                    t.writeInt64(1, rnd.nextInt(5) == 0 ? -rnd.nextInt(1000) : 1_700_000_000L + rnd.nextInt(100_000));
                                    if (rnd.nextBoolean()) t.writeInt32(2, rnd.nextInt(1_000_000_000));
                                }));
                            }
                            if (rnd.nextInt(20) > 0) {
                                byte[] line = new byte[rnd.nextInt(200)];
                                rnd.nextBytes(line);
                                en.writeByteArray(2, line);
                            }
                            for (int m = 0; m < (rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 0); m++) {
                                int k = m;
                                en.writeByteArray(3, message(pair -> {
                                    pair.writeString(1, "k" + k);
                                    if (rnd.nextBoolean()) pair.writeString(2, "välue " + rnd.nextInt(5));
                                }));
                            }
                        });
                        st.writeByteArray(2, entry);
                    }
                    if (rnd.nextBoolean()) st.writeUInt64(3, rnd.nextLong());
                });
                out.writeByteArray(1, stream);
            }
        });
    }

    static void assertSame(List<PushStream> actual, List<ReferenceProtobufDecoder.Decoded> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            PushStream a = actual.get(i);
            ReferenceProtobufDecoder.Decoded e = expected.get(i);
            assertThat(a.labels()).isEqualTo(e.labels());
            assertThat(a.timestamps()).containsExactly(e.ts());
            assertThat(a.size()).isEqualTo(e.lines().length);
            for (int j = 0; j < a.size(); j++) assertThat(a.line(j)).containsExactly(e.lines()[j]);
            for (int j = 0; j < a.size(); j++) assertThat(a.structuredMetadata(j)).isEqualTo(e.structuredMetadata()[j]);
        }
    }

    @Test
    void decodesWhatTheProtobufLibraryDecodes() throws Exception {
        Random rnd = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] raw = randomRequest(rnd);
            assertSame(ProtobufPushReader.read(raw), ReferenceProtobufDecoder.decodeProtobuf(raw));
        }
    }

    @Test
    void damagedInputIsABadRequestNeverAnotherException() throws Exception {
        Random rnd = new Random(5);
        for (int i = 0; i < 300; i++) {
            byte[] raw = randomRequest(rnd);
            if (raw.length == 0) continue;
            byte[] damaged = rnd.nextBoolean() ? Arrays.copyOf(raw, rnd.nextInt(raw.length)) : raw.clone();
            for (int k = 0; k < 1 + rnd.nextInt(4) && damaged.length > 0; k++) damaged[rnd.nextInt(damaged.length)] = (byte) rnd.nextInt(256);
            try {
                ProtobufPushReader.read(damaged);
            } catch (BadRequestException e) {
                assertThat(e.getMessage()).isNotEmpty();
            }
        }
    }

    @Test
    void namesTheProblem() {
        assertThatThrownBy(() -> ProtobufPushReader.read(new byte[]{0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 1, 2}))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("negative size");
        assertThatThrownBy(() -> ProtobufPushReader.read(new byte[]{0x0A, 0x05, 0x0A, 0x03, 'a'}))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ProtobufPushReader.read(new byte[]{0x0A, 0x03, 0x0A, 0x01, (byte) 0xC3}))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("invalid UTF-8");
        assertThatThrownBy(() -> ProtobufPushReader.read(new byte[]{0x00}))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("invalid tag (zero)");
        assertThatThrownBy(() -> ProtobufPushReader.read(new byte[]{0x0F, 1, 2, 3}))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("invalid wire type");
    }

    @Test
    void labelSetsAreParsedOnceAndRepeatedPushesShareThem() throws Exception {
        byte[] raw = message(out -> out.writeByteArray(1, message(st -> st.writeString(1, "{job=\"cache-test\"}"))));
        PushStream first = ProtobufPushReader.read(raw).getFirst();
        PushStream second = ProtobufPushReader.read(raw).getFirst();
        assertThat(first.labels().toString()).isEqualTo("{job=\"cache-test\"}");
        assertThat(second.labels()).isSameAs(first.labels());
    }

    static byte[] snappy(byte[] raw) throws IOException {
        return org.xerial.snappy.Snappy.compress(raw);
    }

    @Test
    void pooledBuffersAreReusedAndUnpooledLinesOutliveThem() throws Exception {
        Random rnd = new Random(3);
        byte[] a = randomRequest(rnd);
        byte[] b = randomRequest(rnd);
        List<PushStream> copied = PushDecoder.decodeSnappyProtobuf(snappy(a), 1 << 30);
        byte[] buffer;
        try (PushDecoder.Decoded d = PushDecoder.decodeSnappyProtobufPooled(snappy(a), 1 << 30)) {
            assertSame(d.streams(), ReferenceProtobufDecoder.decodeProtobuf(a));
            buffer = d.buffer();
        }
        // The pool is shared by the whole JVM and may hold other buffers ahead of ours, but no more than it can keep.
        boolean reused = false;
        for (int i = 0; i <= 16 && !reused; i++) {
            try (PushDecoder.Decoded d = PushDecoder.decodeSnappyProtobufPooled(snappy(b), 1 << 30)) {
                reused = d.buffer() == buffer;
                assertSame(d.streams(), ReferenceProtobufDecoder.decodeProtobuf(b));
            }
        }
        if (b.length <= buffer.length) assertThat(reused).isTrue();
        assertSame(copied, ReferenceProtobufDecoder.decodeProtobuf(a));
        assertThatThrownBy(() -> PushDecoder.decodeSnappyProtobufPooled(snappy(new byte[]{0x0F, 1, 2, 3}), 1 << 30))
                .isInstanceOf(BadRequestException.class);
    }
}
