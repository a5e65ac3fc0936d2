package io.norn.logql.log;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class NameCacheTest {
    @Test
    void computesEachKeyOnce() {
        NameCache cache = new NameCache();
        AtomicInteger computed = new AtomicInteger();
        byte[] line = "xx level yy status zz".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 100; round++) {
            assertThat(cache.get(line, 3, 5, n -> {
                computed.incrementAndGet();
                return n;
            })).isEqualTo("level");
            assertThat(cache.get(line, 12, 6, n -> {
                computed.incrementAndGet();
                return n.equals("status") ? null : n;
            })).isNull();
        }
        assertThat(computed).hasValue(2);
    }

    @Test
    void findsEveryKeyByAllItsBytes() {
        // keys of every length up to 40 from a small alphabet, so that many share their first and last eight bytes
        // and differ only in between; placed anywhere in the buffer, also against its end
        Random rnd = new Random(5);
        NameCache cache = new NameCache();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            int len = rnd.nextInt(41);
            StringBuilder key = new StringBuilder();
            for (int k = 0; k < len; k++) key.append((char) ('a' + rnd.nextInt(3)));
            String k = key.toString();
            byte[] raw = k.getBytes(StandardCharsets.US_ASCII);
            int before = rnd.nextInt(5);
            byte[] buf = new byte[before + raw.length + (rnd.nextBoolean() ? 0 : rnd.nextInt(9))];
            for (int b = 0; b < buf.length; b++) buf[b] = (byte) ('x' + rnd.nextInt(3));
            System.arraycopy(raw, 0, buf, before, raw.length);
            String got = cache.get(buf, before, raw.length, n -> n.length() % 5 == 0 ? null : "name:" + n);
            String want = k.length() % 5 == 0 ? null : "name:" + k;
            assertThat(got).as("key %s", k).isEqualTo(want);
            expected.put(k, want);
        }
        assertThat(expected.size()).isGreaterThan(4096); // the cache was cleared on the way
    }
}
