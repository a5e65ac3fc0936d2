package io.norn.logql.log;

import com.google.re2j.Pattern;
import io.norn.model.LabelMatcher;
import io.norn.model.Labels;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Factories for the stages that rewrite lines and labels: {@code line_format}, {@code label_format}, {@code drop},
 * {@code keep}, {@code decolorize} and {@code distinct}. Template errors at run time keep the entry and set
 * {@code __error__=TemplateFormatErr} with the template engine's message.
 */
public final class Formatters {
    static final String TEMPLATE_ERROR = "TemplateFormatErr";
    private static final Pattern ANSI = Pattern.compile(
            "[\\x{1B}\\x{9B}][\\[\\]()#;?]*(?:(?:(?:[a-zA-Z\\d]*(?:;[a-zA-Z\\d]*)*)?\\x{07})"
                    + "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PRZcf-ntqry=><~]))");

    private Formatters() {
    }

    /** What a template sees while rendering one entry. */
    public interface TemplateInput {
        Optional<String> label(String name);

        String line();

        long timestampNanos();
    }

    /** A parsed template bound to the template engine; thread-safe. */
    @FunctionalInterface
    public interface Template {
        /** Renders; throws {@link TemplateError} carrying the engine's message when execution fails. */
        String render(TemplateInput input) throws TemplateError;
    }

    /** A template execution failure; the message becomes {@code __error_details__}. */
    public static final class TemplateError extends Exception {
        private static final long serialVersionUID = 1L;

        public TemplateError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One {@code label_format} item: a rename ({@code dst=src}) or a template ({@code dst="{{...}}"}). */
    public record LabelFormat(String name, Optional<String> renameFrom, Optional<Template> template) {
        public LabelFormat {
            requireNonNull(name, "name is null");
            if (renameFrom.isPresent() == template.isPresent()) {
                throw new IllegalArgumentException("exactly one of renameFrom and template must be given for " + name);
            }
        }

        public static LabelFormat rename(String name, String from) {
            return new LabelFormat(name, Optional.of(from), Optional.empty());
        }

        public static LabelFormat template(String name, Template template) {
            return new LabelFormat(name, Optional.empty(), Optional.of(template));
        }
    }

    /** {@code | line_format "..."}. */
    public static Stage lineFormat(Template template) {
        requireNonNull(template, "template is null");
        return () -> new LineFormatProcessor(template);
    }

    /** {@code | label_format ...}. */
    public static Stage labelFormat(List<LabelFormat> formats) {
        List<LabelFormat> list = List.copyOf(formats);
        return () -> new LabelFormatProcessor(list);
    }

    /** One item of {@code drop}/{@code keep}: a bare name or a matcher. */
    public record NameOrMatcher(String name, Optional<LabelMatcher> matcher) {
        public NameOrMatcher {
            requireNonNull(name, "name is null");
            requireNonNull(matcher, "matcher is null");
        }

        public static NameOrMatcher name(String name) {
            return new NameOrMatcher(name, Optional.empty());
        }

        public static NameOrMatcher matcher(LabelMatcher m) {
            return new NameOrMatcher(m.name(), Optional.of(m));
        }
    }

    /** {@code | drop a, b="x"}. */
    public static Stage drop(List<NameOrMatcher> items) {
        List<NameOrMatcher> list = List.copyOf(items);
        Stage.Processor p = (ts, line, labels) -> {
            for (NameOrMatcher item : list) {
                if (item.matcher().isPresent()) {
                    String v = labels.value(item.name());
                    if (item.matcher().get().matches(v == null ? "" : v)) labels.delete(item.name());
                } else {
                    labels.delete(item.name());
                }
            }
            return true;
        };
        return () -> p;
    }

    /** {@code | keep a, b="x"}: every other label is removed ({@code __error__} labels stay). */
    public static Stage keep(List<NameOrMatcher> items) {
        List<NameOrMatcher> list = List.copyOf(items);
        Stage.Processor p = (ts, line, labels) -> {
            Labels current = labels.labels();
            for (int i = 0; i < current.size(); i++) {
                String n = current.name(i);
                if (n.equals(LabelsBuilder.ERROR_LABEL) || n.equals(LabelsBuilder.ERROR_DETAILS_LABEL)) continue;
                boolean keep = false;
                for (NameOrMatcher item : list) {
                    if (!item.name().equals(n)) continue;
                    if (item.matcher().isEmpty() || item.matcher().get().matches(current.value(i))) {
                        keep = true;
                        break;
                    }
                }
                if (!keep) labels.delete(n);
            }
            return true;
        };
        return () -> p;
    }

    /** {@code | decolorize}: removes ANSI escape sequences from the line. */
    public static Stage decolorize() {
        return () -> (ts, line, labels) -> {
            byte[] b = line.buffer();
            int off = line.offset();
            int len = line.length();
            boolean hasEscape = false;
            for (int i = off; i < off + len; i++) {
                if (b[i] == 0x1b || (b[i] == (byte) 0xc2 && i + 1 < off + len && b[i + 1] == (byte) 0x9b)) {
                    hasEscape = true;
                    break;
                }
            }
            if (!hasEscape) return true;
            String stripped = ANSI.matcher(line.asString()).replaceAll("");
            byte[] out = stripped.getBytes(StandardCharsets.UTF_8);
            line.set(out, 0, out.length);
            return true;
        };
    }

    /** {@code | distinct a, b}: keeps an entry when one of the labels has a value not seen before in the query. */
    public static Stage distinct(List<String> names) {
        List<String> list = List.copyOf(names);
        List<Set<String>> seen = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) seen.add(ConcurrentHashMap.newKeySet());
        Stage.Processor p = (ts, line, labels) -> {
            boolean keep = false;
            for (int i = 0; i < list.size(); i++) {
                String v = labels.value(list.get(i));
                if (v == null) continue;
                if (seen.get(i).add(v)) keep = true;
            }
            return keep;
        };
        return () -> p;
    }

    private static final class Input implements TemplateInput {
        LabelsBuilder labels;
        Map<String, String> snapshot;
        Line line;
        String lineString;
        long ts;

        void reset(long ts, Line line, LabelsBuilder labels) {
            this.ts = ts;
            this.line = line;
            this.labels = labels;
            this.lineString = null;
            this.snapshot = null;
        }

        @Override
        public Optional<String> label(String name) {
            if (snapshot != null) return Optional.ofNullable(snapshot.get(name));
            return Optional.ofNullable(labels.value(name));
        }

        @Override
        public String line() {
            if (lineString == null) lineString = line.asString();
            return lineString;
        }

        @Override
        public long timestampNanos() {
            return ts;
        }
    }

    private static final class LineFormatProcessor implements Stage.Processor {
        private final Template template;
        private final Input input = new Input();
        private byte[] out = new byte[256];

        LineFormatProcessor(Template template) {
            this.template = template;
        }

        @Override
        public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
            input.reset(tsNanos, line, labels);
            String s;
            try {
                s = template.render(input);
            } catch (TemplateError e) {
                labels.setError(TEMPLATE_ERROR);
                labels.setErrorDetails(e.getMessage());
                return true;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (out.length < b.length) out = new byte[b.length * 2];
            System.arraycopy(b, 0, out, 0, b.length);
            line.set(out, 0, b.length);
            return true;
        }
    }

    private static final class LabelFormatProcessor implements Stage.Processor {
        private final List<LabelFormat> formats;
        private final Input input = new Input();

        LabelFormatProcessor(List<LabelFormat> formats) {
            this.formats = formats;
        }

        @Override
        public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
            input.reset(tsNanos, line, labels);
            boolean snapshotTaken = false;
            for (LabelFormat f : formats) {
                if (f.renameFrom().isPresent()) {
                    String from = f.renameFrom().get();
                    String v = labels.value(from);
                    if (v != null) {
                        labels.set(f.name(), v);
                        labels.delete(from);
                    }
                    continue;
                }
                if (!snapshotTaken && formats.size() > 1) {
                    // templates of one label_format all see the labels as they were at the first template
                    input.snapshot = snapshot(labels);
                    snapshotTaken = true;
                }
                try {
                    labels.set(f.name(), f.template().get().render(input));
                } catch (TemplateError e) {
                    labels.setError(TEMPLATE_ERROR);
                    labels.setErrorDetails(e.getMessage());
                }
            }
            return true;
        }

        private static Map<String, String> snapshot(LabelsBuilder labels) {
            Labels l = labels.labels();
            Map<String, String> m = new TreeMap<>();
            for (int i = 0; i < l.size(); i++) m.put(l.name(i), l.value(i));
            return m;
        }
    }
}
