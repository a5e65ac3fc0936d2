package io.norn.distributor;

import io.norn.model.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LevelDetectorTest {
    private final LevelDetector detector = new LevelDetector(LevelDetector.DEFAULT_FIELDS);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"level\":\"WARN\",\"msg\":\"x\"}|warn",
            "{\"ctx\":{\"level\":\"debug\"},\"lvl\":\"err\"}|error",
            "{\"msg\":\"an error happened\"}|error",
            "ts=1 level=dbg msg=hello|debug",
            "ts=1 severity=\"fatal\" msg=hello|fatal",
            "ts=1 msg=\"INFO: started\"|info",
            "plain line with ERROR in it|error",
            "WARNING disk almost full|warn",
            "critical: on fire|critical",
            "DEBUG: details|debug",
            "nothing to see|unknown",
            "level=verbose but info later|info",
    })
    void detectsLikeLoki(String line, String expected) {
        assertThat(detector.detect(Labels.EMPTY, Labels.EMPTY, line.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        // The same line as a slice of a request body between other lines that would say otherwise.
        byte[] body = ("level=error {\"level\":\"info\"}" + line + "critical: x=1 DEBUG:").getBytes(StandardCharsets.UTF_8);
        int off = "level=error {\"level\":\"info\"}".getBytes(StandardCharsets.UTF_8).length;
        int len = line.getBytes(StandardCharsets.UTF_8).length;
        assertThat(detector.detect(Labels.EMPTY, Labels.EMPTY, body, off, len)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"level,Fancy", "severity,whatever"})
    void streamLabelWinsAsItIs(String name, String value) {
        assertThat(detector.detect(Labels.of(name, value, "job", "x"), Labels.EMPTY, "ERROR".getBytes())).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource({"0,unknown", "3,trace", "7,debug", "9,info", "13,warn", "17,error", "21,fatal", "x,info"})
    void otlpSeverityNumber(String number, String expected) {
        assertThat(detector.detect(Labels.EMPTY, Labels.of("severity_number", number), "ERROR".getBytes())).isEqualTo(expected);
    }

    @Test
    void keywordSearchAgreesWithLokisListSearchedInTurn() {
        // Loki's keyword lists, each searched in the whole line in turn
        List<List<String>> levels = List.of(List.of("info:", "INFO:", "info", "INFO"), List.of("err:", "ERR:", "error", "ERROR"),
                List.of("warn:", "WARN:", "warning", "WARNING"), List.of("CRITICAL:", "critical:"), List.of("debug:", "DEBUG:"));
        List<String> names = List.of("info", "error", "warn", "critical", "debug");
        String[] pieces = {"inf", "info", "INF", "INFO", "er", "err", "err:", "ERR", "error", "ERRO", "warn", "warn:", "warnin",
                "WARNING", "critical", "critical:", "CRITICAL:", "debug", "debug:", "DEBUG:", "de", ":", " ", "x", "in"};
        Random rnd = new Random(3);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            // short lines, and lines long enough for the vector search, with keyword fragments among filler
            for (int n = rnd.nextInt(round % 2 == 0 ? 8 : 40); n > 0; n--) {
                if (rnd.nextInt(10) < 7) sb.append("xy Zq-".repeat(4), 0, 1 + rnd.nextInt(20));
                else sb.append(pieces[rnd.nextInt(pieces.length)]);
            }
            String line = sb.toString();
            String expected = "unknown";
            search:
            for (int l = 0; l < levels.size(); l++) {
                for (String k : levels.get(l)) {
                    if (line.contains(k)) {
                        expected = names.get(l);
                        break search;
                    }
                }
            }
            byte[] b = ("<" + line + ">").getBytes(StandardCharsets.US_ASCII);
            assertThat(LevelDetector.fromKeywords(b, 1, b.length - 1)).as("%s", line).isEqualTo(expected);
        }
    }
}
