package io.norn.logql.engine;

import io.norn.logql.log.Formatters;
import io.norn.logql.log.template.Template;
import io.norn.logql.log.template.TemplateContext;
import io.norn.logql.log.template.TemplateException;

import java.util.Map;
import java.util.Optional;

/** Binds {@code line_format}/{@code label_format} to the Go-compatible template engine. Thread-safe. */
public final class LokiTemplates implements PipelineCompiler.TemplateCompiler {
    public static final LokiTemplates INSTANCE = new LokiTemplates();

    private LokiTemplates() {
    }

    @Override
    public Formatters.Template compile(String text) {
        Template t;
        try {
            t = Template.parse(text);
        } catch (TemplateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return input -> {
            try {
                return t.execute(new Context(input));
            } catch (TemplateException e) {
                throw new Formatters.TemplateError(e.getMessage(), e);
            }
        };
    }

    /** Presents one entry's pipeline state to the template engine. */
    private record Context(Formatters.TemplateInput input) implements TemplateContext {
        @Override
        public Optional<String> label(String name) {
            return input.label(name);
        }

        @Override
        public String line() {
            return input.line();
        }

        @Override
        public long timestampNanos() {
            return input.timestampNanos();
        }

        @Override
        public Map<String, String> labels() {
            return input.labels();
        }
    }
}
