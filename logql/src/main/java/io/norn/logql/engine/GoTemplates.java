package io.norn.logql.engine;

import io.norn.logql.log.Formatters;
import io.norn.logql.log.template.Template;
import io.norn.logql.log.template.TemplateContext;
import io.norn.logql.log.template.TemplateException;

import java.util.Optional;

/**
 * Compiles {@code line_format}/{@code label_format} templates with the Go {@code text/template} engine
 * ({@link Template}, times rendered in UTC) for {@link PipelineCompiler}. Stateless and thread-safe.
 */
final class GoTemplates implements PipelineCompiler.TemplateCompiler {
    static final GoTemplates INSTANCE = new GoTemplates();

    private GoTemplates() {
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

    /** The label names a template reads with {@code .name} (Loki's required label names); empty when unparsable. */
    static java.util.Set<String> fieldNames(String text) {
        try {
            return Template.parse(text).fieldNames();
        } catch (TemplateException e) {
            // compiling the pipeline reports the error
            return java.util.Set.of();
        }
    }

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
    }
}
