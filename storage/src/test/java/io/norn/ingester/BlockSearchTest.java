package io.norn.ingester;

import io.norn.logql.engine.LinePredicate;
import io.norn.logql.engine.PipelineCompiler;
import io.norn.logql.syntax.LogQL;
import io.norn.logql.syntax.ParseException;
import io.norn.model.Direction;
import io.norn.model.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The block-wide literal search of the store cursor, with the predicates the engine really builds. */
class BlockSearchTest {
    private static final long T = IngesterTest.T;
    private static final Labels APP = Labels.of("app", "api");

    @TempDir
    Path tmp;

    private static LinePredicate predicate(String pipeline) throws ParseException {
        return PipelineCompiler.linePredicate(LogQL.parseLogSelector("{app=\"api\"} " + pipeline).stages());
    }

    @Test
    void aLiteralSplitAcrossTwoStoredLinesMatchesNeither() throws Exception {
        // "...err" + "or..." are stored back to back: the block's text holds "error" across the boundary
        String[] lines = {"first err", "or second", "third error", "errors fourth", "fifth e", "rror"};
        long[] ts = new long[lines.length];
        for (int i = 0; i < ts.length; i++) ts[i] = T + i;
        try (Instance inst = new Instance(tmp.resolve("data"), IngesterTest.smallConfig(), new TestClock(1_700_000_000_000L))) {
            inst.push("t", APP, ts, lines);
            for (String phase : List.of("head", "store")) {
                if (phase.equals("store")) inst.ingester.flushAll();
                for (Direction dir : Direction.values()) {
                    Map<String, List<String>> got = inst.query("t", List.of(), T, T + 10, dir, predicate("|= \"error\""));
                    List<String> expected = dir == Direction.FORWARD
                            ? List.of((T + 2) + " third error", (T + 3) + " errors fourth")
                            : List.of((T + 3) + " errors fourth", (T + 2) + " third error");
                    assertThat(got).as("%s %s", phase, dir).isEqualTo(Map.of(APP.toString(), expected));
                }
                // the search only selects candidates; the predicate decides
                assertThat(inst.query("t", List.of(), T, T + 10, Direction.FORWARD, predicate("|= \"error\" != \"third\"")))
                        .as(phase).isEqualTo(Map.of(APP.toString(), List.of((T + 3) + " errors fourth")));
            }
        }
    }
}
