package io.norn.ingester;

import io.norn.encoding.ByteWriter;
import io.norn.model.Labels;
import io.norn.wal.WalFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WalEntriesCodecTest {
    @Test
    void structuredMetadataSetsRoundTripWhateverTheirOrderAndIdentity() throws Exception {
        Labels info = Labels.of("detected_level", "info");
        Labels error = Labels.of("detected_level", "error");
        Labels infoCopy = Labels.of("detected_level", "info");
        Labels[] sets = {info, info, error, info, infoCopy, Labels.EMPTY, error, error, Labels.of("trace_id", "7f"), info};

        ByteWriter w = new ByteWriter(256);
        w.string("tenant");
        w.u32(1);
        int countAt = WalEntriesCodec.encodeStreamHeader(w, WalEntriesCodec.encodeLabels(Labels.of("app", "api")));
        WalEntriesCodec.SetTable table = new WalEntriesCodec.SetTable();
        for (int i = 0; i < sets.length; i++) {
            byte[] line = ("line " + i).getBytes(StandardCharsets.UTF_8);
            WalEntriesCodec.encodeEntry(w, 1000 + i, line, 0, line.length, sets[i], table);
        }
        w.putU32At(countAt, sets.length);

        WalEntriesCodec.Decoded d = WalEntriesCodec.decode(WalFormat.RECORD_ENTRIES, w.buffer(), 0, w.length(), "test");
        StreamEntries se = d.streams().getFirst();
        assertThat(se.labels()).isEqualTo(Labels.of("app", "api"));
        assertThat(se.structuredMetadata()).containsExactly(sets);
        assertThat(se.ts()).containsExactly(1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009);
    }
}
