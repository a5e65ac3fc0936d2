package io.norn.distributor;

import io.norn.model.Labels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

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
}
