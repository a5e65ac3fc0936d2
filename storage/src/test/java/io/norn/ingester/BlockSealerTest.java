package io.norn.ingester;

import io.norn.chunkenc.HeadBlock;
import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BlockSealerTest {
    @Test
    void aFullQueueRefusesSoThatThePushSealsItself() throws Exception {
        BlockSealer sealer = new BlockSealer(1, 1, 8192);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            assertThat(sealer.submit(() -> {
                started.countDown();
                await(release);
            })).isTrue();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sealer.submit(() -> { })).isTrue();
            assertThat(sealer.submit(() -> { })).isFalse();
            assertThat(sealer.pending()).isEqualTo(2);
        } finally {
            release.countDown();
            sealer.close();
        }
        assertThat(sealer.pending()).isZero();
        assertThat(sealer.submit(() -> { })).isFalse();
    }

    @Test
    void recycledOpenBlocksComeBackEmpty() {
        BlockSealer sealer = new BlockSealer(1, 1, 8192);
        HeadBlock h = sealer.emptyHead();
        byte[] line = "a line".getBytes();
        h.append(1, line, 0, line.length, Labels.EMPTY);
        sealer.recycle(h);
        HeadBlock again = sealer.emptyHead();
        assertThat(again).isSameAs(h);
        assertThat(again.isEmpty()).isTrue();
        assertThat(again.textBytes()).isZero();
        sealer.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
