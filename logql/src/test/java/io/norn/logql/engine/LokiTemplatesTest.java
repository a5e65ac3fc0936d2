package io.norn.logql.engine;

import io.norn.logql.log.StreamPipeline;
import io.norn.logql.syntax.LogQL;
import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LokiTemplatesTest {
    private static String render(String query, Labels stream, String line) throws Exception {
        StreamPipeline p = PipelineCompiler.compile(LogQL.parseLogSelector(query).stages()).forStream(stream);
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertThat(p.process(1, b, 0, b.length, Labels.EMPTY)).isTrue();
        return new String(p.lineBuffer(), p.lineOffset(), p.lineLength(), StandardCharsets.UTF_8);
    }

    @Test
    void templatesSeeEveryLabelAsTheData() throws Exception {
        assertThat(render("{app=\"a\"} | logfmt | line_format `{{ range $k, $v := . }}{{ $k }}={{ $v }};{{ end }}`",
                Labels.of("app", "a"), "level=info msg=hi")).isEqualTo("app=a;level=info;msg=hi;");
        assertThat(render("{app=\"a\"} | line_format `{{ len . }} {{ index . \"app\" }}`", Labels.of("app", "a", "env", "x"), "l"))
                .isEqualTo("2 a");
    }

    @Test
    void fieldsLineAndTimestamp() throws Exception {
        assertThat(render("{app=\"a\"} | json | line_format `{{.level | ToUpper}} {{ __line__ | len }}`", Labels.of("app", "a"),
                "{\"level\":\"warn\"}")).isEqualTo("WARN 16");
    }
}
