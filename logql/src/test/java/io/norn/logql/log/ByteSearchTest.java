package io.norn.logql.log;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ByteSearchTest {
    private static final byte[] ALPHABET = {'a', 'b', '"', '\\', ' ', (byte) 0xe2, (byte) 0x80, 0};

    @Test
    void indexOfEitherAgreesWithAPlainLoop() {
        Random rnd = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = randomBytes(rnd, rnd.nextInt(40));
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
            int to = from + rnd.nextInt(b.length - from + 1);
            assertThat(ByteSearch.indexOfEither(b, from, to, (byte) '"', (byte) '\\'))
                    .as("round %d", round).isEqualTo(plainIndexOfEither(b, from, to, (byte) '"', (byte) '\\'));
        }
    }

    @Test
    void indexOfEitherAgreesWithAPlainLoopOverVectorLengths() {
        Random rnd = new Random(5);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[rnd.nextInt(300)];
            int oneIn = 1 + rnd.nextInt(200);
            for (int i = 0; i < b.length; i++) b[i] = rnd.nextInt(oneIn) == 0 ? ALPHABET[rnd.nextInt(4) + 2] : (byte) 'x';
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
            int to = from + rnd.nextInt(b.length - from + 1);
            assertThat(ByteSearch.indexOfEither(b, from, to, (byte) '"', (byte) '\\'))
                    .as("round %d", round).isEqualTo(plainIndexOfEither(b, from, to, (byte) '"', (byte) '\\'));
        }
    }

    @Test
    void stringEndAgreesWithCountingBackslashes() {
        Random rnd = new Random(11);
        JsonScanner scanner = new JsonScanner();
        for (int round = 0; round < 20_000; round++) {
            byte[] b = randomBytes(rnd, rnd.nextInt(40));
            int end = scanner.stringEnd(b, 0, b.length);
            int expected = -1;
            boolean sawBackslash = false;
            for (int p = 0; p < b.length; p++) {
                if (b[p] == '\\') sawBackslash = true;
                if (b[p] == '"' && backslashesBefore(b, p) % 2 == 0) {
                    expected = p + 1;
                    break;
                }
            }
            assertThat(end).as("round %d", round).isEqualTo(expected);
            if (end > 0) assertThat(scanner.lastStringEscaped()).isEqualTo(sawBackslash);
        }
    }

    private static int backslashesBefore(byte[] b, int p) {
        int n = 0;
        while (p - n - 1 >= 0 && b[p - n - 1] == '\\') n++;
        return n;
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        // mostly plain text so that runs longer than a word occur
        for (int i = 0; i < n; i++) b[i] = rnd.nextInt(6) == 0 ? ALPHABET[rnd.nextInt(ALPHABET.length)] : (byte) 'x';
        return b;
    }

    private static int plainIndexOfEither(byte[] b, int from, int to, byte x, byte y) {
        for (int i = from; i < to; i++) {
            if (b[i] == x || b[i] == y) return i;
        }
        return -1;
    }
}
