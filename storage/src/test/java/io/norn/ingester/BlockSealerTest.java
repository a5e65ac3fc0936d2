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
        BlockSealer sealer = new BlockSealer(1, 1);
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
        BlockSealer sealer = new BlockSealer(1, 1);
        HeadBlock full = new HeadBlock(8192);
        byte[] line = "x".repeat(6000).getBytes();
        full.append(1, line, 0, line.length, Labels.of("trace_id", "abc"));
        // none to recycle yet: a new one, as large as the full one
        HeadBlock fresh = sealer.emptyHead(full);
        assertThat(fresh).isNotSameAs(full);
        assertThat(fresh.isEmpty()).isTrue();
        assertThat(fresh.memoryBytes()).isEqualTo(full.memoryBytes());

        sealer.recycle(full);
        HeadBlock again = sealer.emptyHead(fresh);
        assertThat(again).isSameAs(full);
        assertThat(again.isEmpty()).isTrue();
        assertThat(again.textBytes()).isZero();
        // its structured metadata are gone with its entries
        again.append(2, line, 0, 10, Labels.EMPTY);
        assertThat(again.snapshot(Long.MIN_VALUE, Long.MAX_VALUE).structuredMetadata(0)).isEqualTo(Labels.EMPTY);
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
