package io.norn.server;

import io.norn.loghttp.PushDecoder;
import io.norn.loghttp.PushStream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticPushesTest {
    private static final int ENTRIES = SyntheticPushes.STREAMS_PER_REQUEST * SyntheticPushes.LINES_PER_STREAM;

    @Test
    void bothFormatsDecodeToTheSameShapeOfRequest() throws Exception {
        SyntheticPushes pushes = new SyntheticPushes(1, new AtomicLong(1_700_000_000_000_000_000L));
        try (PushDecoder.Decoded proto = PushDecoder.decodeSnappyProtobufPooled(pushes.protobuf(), 64L << 20)) {
            List<PushStream> json = PushDecoder.decodeJson(pushes.json());
            for (List<PushStream> streams : List.of(proto.streams(), json)) {
                assertThat(streams).hasSize(SyntheticPushes.STREAMS_PER_REQUEST);
                assertThat(streams.stream().mapToInt(PushStream::size).sum()).isEqualTo(ENTRIES);
                for (PushStream s : streams) {
                    assertThat(s.labels().get("job")).isEqualTo("warmup");
                    for (int i = 1; i < s.size(); i++) assertThat(s.ts(i)).isGreaterThan(s.ts(i - 1));
                }
            }
            // consecutive requests take the next group of streams and later timestamps
            assertThat(json.getFirst().labels()).isNotEqualTo(proto.streams().getFirst().labels());
            assertThat(json.getFirst().ts(0)).isGreaterThan(proto.streams().getLast().ts(SyntheticPushes.LINES_PER_STREAM - 1)
                    - SyntheticPushes.STREAMS_PER_REQUEST * SyntheticPushes.LINES_PER_STREAM * 1000L);
        }
    }

    @Test
    void oneStreamIsReplacedByANewLabelSetNowAndThen() throws Exception {
        SyntheticPushes pushes = new SyntheticPushes(3, new AtomicLong(1_700_000_000_000_000_000L));
        Set<String> labelSets = new HashSet<>();
        for (int r = 0; r < 200; r++) {
            try (PushDecoder.Decoded d = PushDecoder.decodeSnappyProtobufPooled(pushes.protobuf(), 64L << 20)) {
                for (PushStream s : d.streams()) labelSets.add(s.labels().toString());
            }
        }
        assertThat(labelSets).hasSizeBetween(SyntheticPushes.STREAMS + 2, SyntheticPushes.STREAMS + 4)
                .anyMatch(l -> l.contains("instance=\"3-1\"")).anyMatch(l -> l.contains("instance=\"3-3\""));
    }

    @Test
    void streamsCoverLevelLabelsJsonLinesAndStructuredMetadata() throws Exception {
        SyntheticPushes pushes = new SyntheticPushes(2, new AtomicLong(1_700_000_000_000_000_000L));
        Set<String> apps = new HashSet<>();
        boolean withLevel = false, withoutLevel = false, metadata = false, jsonLines = false, textLines = false;
        for (int r = 0; r < SyntheticPushes.STREAMS / SyntheticPushes.STREAMS_PER_REQUEST; r++) {
            for (PushStream s : PushDecoder.decodeJson(pushes.json())) {
                apps.add(s.labels().get("app"));
                if (s.labels().find("level").isPresent()) withLevel = true;
                else withoutLevel = true;
                for (int i = 0; i < s.size(); i++) if (!s.structuredMetadata(i).isEmpty()) metadata = true;
                String line = new String(s.line(0), StandardCharsets.UTF_8);
                if (line.startsWith("{\"level\":")) jsonLines = true;
                else textLines = true;
            }
        }
        assertThat(apps).hasSizeGreaterThan(5).contains("gateway");
        assertThat(List.of(withLevel, withoutLevel, metadata, jsonLines, textLines)).containsOnly(true);
    }
}
