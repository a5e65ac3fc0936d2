package io.norn.chunkenc;

import io.norn.encoding.ByteReader;
import io.norn.encoding.ByteWriter;
import io.norn.encoding.CorruptionException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NgramFilterTest {
    private static final int SEED = 12345;
    private static final String[] WORDS = {"error", "warn", "info", "connection", "refused", "timeout", "user", "GET", "POST",
            "/api/v1/orders", "latency", "ms", "status", "äöü", "東京", "id=", "host", "shard", "retry", "\"quoted\""};

    @Test
    void holdsExactlyTheHashesOfTheTrigramsAtEveryOtherByte() {
        // the definition, one trigram at a time; the filter is built a word or two at a time
        Random rnd = new Random(11);
        for (int round = 0; round < 300; round++) {
            byte[] text = new byte[rnd.nextInt(600)];
            for (int i = 0; i < text.length; i++) text[i] = (byte) (rnd.nextInt(4) == 0 ? '0' + rnd.nextInt(10) : rnd.nextInt(256));
            int off = text.length == 0 ? 0 : rnd.nextInt(Math.min(text.length, 9));
            int len = text.length - off - (text.length - off == 0 ? 0 : rnd.nextInt(Math.min(text.length - off, 9)));
            int seed = rnd.nextInt();
            java.util.TreeSet<Integer> expected = new java.util.TreeSet<>();
            for (int i = off; i + 3 <= off + len; i += 2) {
                int trigram = fold(text[i]) | fold(text[i + 1]) << 8 | fold(text[i + 2]) << 16;
                expected.add(((trigram ^ seed) * 0x9E3779B1) >>> (32 - NgramFilter.HASH_BITS));
            }
            assertThat(NgramFilter.of(text, off, len, seed).buckets()).as("round %d", round)
                    .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private static int fold(byte b) {
        return b >= '0' && b <= '9' ? '0' : b & 0xFF;
    }

    @Test
    void everyLiteralThatOccursMayBePresent() throws CorruptionException {
        Random rnd = new Random(3);
        for (int round = 0; round < 200; round++) {
            byte[] text = randomText(rnd, 200 + rnd.nextInt(5_000));
            NgramFilter block = NgramFilter.of(text, 0, text.length, round * 7919);
            NgramFilter stored = roundTrip(NgramFilter.union(List.of(block, NgramFilter.of(new byte[0], 0, 0, round * 7919))));
            for (int k = 0; k < 50; k++) {
                int from = rnd.nextInt(text.length - 10);
                byte[] lit = java.util.Arrays.copyOfRange(text, from, from + 1 + rnd.nextInt(10));
                assertThat(block.mightContainAll(List.of(lit))).as("round %d literal %s", round, str(lit)).isTrue();
                assertThat(stored.mightContainAll(List.of(lit))).as("round %d literal %s", round, str(lit)).isTrue();
                byte[] lower = str(lit).toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
                if (lower.length == lit.length) {
                    assertThat(block.mightContainAllIgnoringCase(List.of(lower))).as("round %d literal %s", round, str(lit)).isTrue();
                    assertThat(stored.mightContainAllIgnoringCase(List.of(lower))).as("round %d literal %s", round, str(lit)).isTrue();
                }
            }
        }
    }

    @Test
    void absentLiteralsAreMostlyRuledOut() {
        Random rnd = new Random(5);
        byte[] text = randomText(rnd, 100_000);
        NgramFilter stored = NgramFilter.union(List.of(NgramFilter.of(text, 0, text.length, SEED)));
        int ruledOut = 0;
        for (int k = 0; k < 1_000; k++) {
            byte[] lit = ("zq" + Integer.toString(rnd.nextInt(1 << 30), 36) + "xj").getBytes(StandardCharsets.UTF_8);
            if (!stored.mightContainAll(List.of(lit))) ruledOut++;
        }
        assertThat(ruledOut).isGreaterThan(950);
        assertThat(stored.mightContainAll(List.of(bytes("connection refused")))).isTrue();
        assertThat(stored.mightContainAll(List.of(bytes("connection"), bytes("no-such-word")))).isFalse();
        assertThat(stored.mightContainAll(List.of(bytes("get /api")))).isFalse();
        assertThat(stored.mightContainAllIgnoringCase(List.of(bytes("get /api")))).isTrue();
        assertThat(stored.mightContainAllIgnoringCase(List.of(bytes("no-such-word")))).isFalse();
    }

    @Test
    void digitsAreFoldedSoOtherNumbersMayMatch() {
        byte[] text = bytes("request id=123456 took 17ms");
        NgramFilter f = NgramFilter.of(text, 0, text.length, SEED);
        assertThat(f.mightContainAll(List.of(bytes("id=987654")))).isTrue();
        assertThat(f.mightContainAll(List.of(bytes("id=abc")))).isFalse();
    }

    @Test
    void shortLiteralsAndUnknownFiltersRuleOutNothing() {
        byte[] text = bytes("aaaaaaaa");
        NgramFilter f = NgramFilter.of(text, 0, text.length, SEED);
        assertThat(f.mightContainAll(List.of(bytes("xyz")))).isTrue();
        assertThat(f.mightContainAll(List.of(bytes("wxyz")))).isFalse();
        assertThat(NgramFilter.UNKNOWN.mightContainAll(List.of(bytes("wxyz")))).isTrue();
        assertThat(NgramFilter.union(List.of(f, NgramFilter.UNKNOWN))).isSameAs(NgramFilter.UNKNOWN);
        // blocks hashed with different seeds cannot be merged: the chunk then has no filter
        assertThat(NgramFilter.union(List.of(f, NgramFilter.of(text, 0, text.length, SEED + 1)))).isSameAs(NgramFilter.UNKNOWN);
    }

    @Test
    void corruptStoredFiltersAreRejected() throws CorruptionException {
        byte[] text = bytes("some text with several trigrams in it");
        ByteWriter w = new ByteWriter(64);
        NgramFilter.union(List.of(NgramFilter.of(text, 0, text.length, SEED))).write(w);
        byte[] good = w.toByteArray();
        assertThat(roundTrip(good).mightContainAll(List.of(bytes("several")))).isTrue();
        byte[] wide = good.clone();
        wide[0] = 30;
        assertThatThrownBy(() -> roundTrip(wide)).isInstanceOf(CorruptionException.class).hasMessageContaining("width 30");
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> roundTrip(truncated)).isInstanceOf(CorruptionException.class);
    }

    @Test
    void sparseFiltersWithWideGapsRoundTrip() throws CorruptionException {
        Random rnd = new Random(17);
        for (int round = 0; round < 2_000; round++) {
            byte[] text = new byte[3 + rnd.nextInt(10)];
            for (int i = 0; i < text.length; i++) text[i] = (byte) (' ' + rnd.nextInt(95));
            NgramFilter block = NgramFilter.of(text, 0, text.length, round);
            NgramFilter read = roundTrip(block);
            if (text.length >= 4) {
                assertThat(block.mightContainAll(List.of(text))).as("round %d: %s", round, str(text)).isTrue();
                assertThat(read.mightContainAll(List.of(text))).as("round %d: %s", round, str(text)).isTrue();
            }
        }
    }

    private static NgramFilter roundTrip(NgramFilter f) throws CorruptionException {
        ByteWriter w = new ByteWriter(64);
        f.write(w);
        return roundTrip(w.toByteArray());
    }

    private static NgramFilter roundTrip(byte[] stored) throws CorruptionException {
        ByteReader r = new ByteReader(stored, 0, stored.length, "test");
        NgramFilter f = NgramFilter.read(r, "test");
        assertThat(r.remaining()).isZero();
        return f;
    }

    private static byte[] randomText(Random rnd, int approxLen) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < approxLen) {
            sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextInt(3) == 0 ? " " + rnd.nextInt(100_000) : "").append(' ');
        }
        return bytes(sb.toString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
