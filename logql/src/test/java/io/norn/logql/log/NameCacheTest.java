package io.norn.logql.log;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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
}
