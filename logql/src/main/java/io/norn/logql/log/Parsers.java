package io.norn.logql.log;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Factories for the parser stages ({@code json}, {@code logfmt}, {@code regexp}, {@code pattern}, {@code unpack})
 * with Loki's semantics. Invalid arguments throw {@link IllegalArgumentException} with Loki's message.
 */
public final class Parsers {
    static final String LOGFMT_ERROR = "LogfmtParserErr";
    static final String PACKED_ENTRY_KEY = "_entry";

    private Parsers() {
    }

    /** One {@code label="expression"} parameter of {@code json} or {@code logfmt}. */
    public record Extraction(String label, String expression) {
        public Extraction {
            requireNonNull(label, "label is null");
            requireNonNull(expression, "expression is null");
        }
    }

    /** {@code | json}. */
    public static Stage json() {
        return JsonParserStage.INSTANCE;
    }

    /**
     * {@code | json} for a query that reads only {@code onlyLabels}: the line is still checked in full (so errors are
     * the same), but other members are not turned into labels.
     */
    public static Stage json(Set<String> onlyLabels) {
        return new JsonParserStage(Set.copyOf(onlyLabels));
    }

    /** {@code | json a="x.y[0]", b="[\"k8s.node\"]"}: the listed paths; objects and arrays are kept as JSON text. */
    public static Stage json(List<Extraction> extractions) {
        if (extractions.isEmpty()) return json();
        List<String> ids = new ArrayList<>();
        List<List<Object>> paths = new ArrayList<>();
        for (Extraction e : extractions) {
            List<Object> path;
            try {
                path = JsonPath.parse(e.expression());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("cannot parse expression [" + e.expression() + "]: " + ex.getMessage(), ex);
            }
            if (!LabelNames.isValid(e.label())) throw new IllegalArgumentException("invalid extracted label name '" + e.label() + "'");
            ids.add(e.label());
            paths.add(path);
        }
        return new JsonExpressionStage(List.copyOf(ids), List.copyOf(paths));
    }

    /** {@code | logfmt [--strict] [--keep-empty]}. */
    public static Stage logfmt(boolean strict, boolean keepEmpty) {
        return () -> new LogfmtProcessor(strict, keepEmpty, null);
    }

    /** {@code | logfmt a="key", b}: only the listed keys, renamed. */
    public static Stage logfmt(boolean strict, boolean keepEmpty, List<Extraction> extractions) {
        if (extractions.isEmpty()) return logfmt(strict, keepEmpty);
        Map<String, String> byKey = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (Extraction e : extractions) {
            if (!LabelNames.isValid(e.label())) throw new IllegalArgumentException("invalid extracted label name '" + e.label() + "'");
            byKey.put(e.expression(), e.label());
            ids.add(e.label());
        }
        Map<String, String> keys = Map.copyOf(byKey);
        List<String> idList = List.copyOf(ids);
        return () -> new LogfmtExpressionProcessor(strict, keys, idList);
    }

    /** {@code | regexp "re"}: named groups become labels. */
    public static Stage regexp(String re) {
        Pattern p = LineFilters.compile(re);
        Map<String, Integer> groups = p.namedGroups();
        if (p.groupCount() == 0 || groups.isEmpty()) throw new IllegalArgumentException("at least one named capture must be supplied");
        String[] names = new String[p.groupCount() + 1];
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, Integer> g : groups.entrySet()) {
            if (!LabelNames.isValid(g.getKey())) throw new IllegalArgumentException("invalid extracted label name '" + g.getKey() + "'");
            if (!seen.add(g.getKey())) throw new IllegalArgumentException("duplicate extracted label name '" + g.getKey() + "'");
            names[g.getValue()] = g.getKey();
        }
        return () -> new RegexpProcessor(p, names);
    }

    /** {@code | pattern "<ip> - <_> ..."}. */
    public static Stage pattern(String pattern) {
        PatternExpr e = PatternExpr.parseForParser(pattern);
        for (String n : e.captureNames()) {
            if (!LabelNames.isValid(n)) throw new IllegalArgumentException("invalid capture label name '" + n + "'");
        }
        return () -> new PatternProcessor(e);
    }

    /** {@code | unpack}: string members become labels and {@code _entry} replaces the line. */
    public static Stage unpack() {
        return UnpackProcessor::new;
    }

    /** Name for an extracted key: sanitized, with {@code _extracted} when the stream has it. */
    private static String extractedName(LabelsBuilder labels, String raw) {
        String n = LabelNames.sanitize(raw);
        if (n.isEmpty()) return null;
        return labels.baseHas(n) ? n + LabelNames.DUPLICATE_SUFFIX : n;
    }

    private static final class LogfmtProcessor implements Stage.Processor {
        private final boolean strict;
        private final boolean keepEmpty;
        private final LogfmtDecoder dec = new LogfmtDecoder();
        private final NameCache names = new NameCache();
        private LabelsBuilder labels;
        // created once: a capturing lambda per key would allocate on every call
        private final Function<String, String> nameOf = raw -> extractedName(labels, raw);

        LogfmtProcessor(boolean strict, boolean keepEmpty, Object unused) {
            this.strict = strict;
            this.keepEmpty = keepEmpty;
        }

        @Override
        public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
            this.labels = labels;
            extractLogfmt(line, labels, dec, names, nameOf);
            return true;
        }
    }

    /**
     * Sets a label for every key that {@code nameOf} names (null: skipped). As in Loki 2.8, empty values are kept and
     * scanning stops at the first syntax error, which is reported.
     */
    private static void extractLogfmt(Line line, LabelsBuilder labels, LogfmtDecoder dec, NameCache names,
                                      Function<String, String> nameOf) {
        byte[] b = line.buffer();
        dec.reset(b, line.offset(), line.length());
        while (dec.scanKeyval()) {
            if (dec.keyEnd <= dec.keyStart) continue;
            String name = names.get(b, dec.keyStart, dec.keyEnd - dec.keyStart, nameOf);
            if (name != null) setLogfmtValue(labels, name, dec);
        }
        reportLogfmtError(labels, dec);
    }

    /** Sets the label to the decoded value; a value with invalid UTF-8 becomes empty, as in Loki. */
    private static void setLogfmtValue(LabelsBuilder labels, String name, LogfmtDecoder dec) {
        int vlen = dec.valueEnd - dec.valueStart;
        if (vlen > 0 && LabelNames.hasRuneError(dec.valueBuf, dec.valueStart, vlen)) vlen = 0;
        if (vlen == 0) labels.set(name, "");
        else labels.setBytes(name, dec.valueBuf, dec.valueStart, vlen);
    }

    private static void reportLogfmtError(LabelsBuilder labels, LogfmtDecoder dec) {
        String err = dec.error();
        if (err != null) {
            labels.setError(LOGFMT_ERROR);
            labels.setErrorDetails(err);
        }
    }

    private static final class LogfmtExpressionProcessor implements Stage.Processor {
        private final boolean strict;
        private final Map<String, String> idByKey;
        private final List<String> ids;
        private final LogfmtDecoder dec = new LogfmtDecoder();
        private final NameCache names = new NameCache();
        private LabelsBuilder labels;
        private final Function<String, String> nameOf = this::labelFor;

        LogfmtExpressionProcessor(boolean strict, Map<String, String> idByKey, List<String> ids) {
            this.strict = strict;
            this.idByKey = idByKey;
            this.ids = ids;
        }

        @Override
        public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
            for (String id : ids) {
                if (!labels.baseHas(id)) labels.set(id, "");
            }
            this.labels = labels;
            extractLogfmt(line, labels, dec, names, nameOf);
            return true;
        }

        /** The label a key is extracted to, or null when no expression asks for it. */
        private String labelFor(String rawKey) {
            String id = idByKey.get(LabelNames.sanitize(rawKey));
            if (id == null) id = idByKey.get(rawKey);
            if (id == null) return null;
            return labels.baseHas(id) ? id + LabelNames.DUPLICATE_SUFFIX : id;
        }
    }

    private static final class RegexpProcessor implements Stage.Processor {
        private final Pattern pattern;
        private final String[] groupNames;
        private final String[] labelNames;
        private LabelsBuilder namedFor;

        RegexpProcessor(Pattern pattern, String[] groupNames) {
            this.pattern = pattern;
            this.groupNames = groupNames;
            this.labelNames = new String[groupNames.length];
        }

        @Override
        public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
            if (namedFor != labels) {
                for (int i = 0; i < groupNames.length; i++) {
                    labelNames[i] = groupNames[i] == null ? null : extractedName(labels, groupNames[i]);
                }
                namedFor = labels;
            }
            byte[] b = line.buffer();
            int off = line.offset();
            int len = line.length();
            byte[] input = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
            Matcher m = pattern.matcher(input);
            if (!m.find()) return true;
            for (int g = 1; g < labelNames.length; g++) {
                String name = labelNames[g];
                if (name == null) continue;
                int s = m.start(g);
                if (s < 0) {
                    labels.set(name, "");
                } else {
                    labels.setBytes(name, input, s, m.end(g) - s);
                }
            }
            return true;
        }
    }

    private static final class PatternProcessor implements Stage.Processor {
        private final PatternExpr expr;
        private final String[] captureNames;
        private final String[] labelNames;
        private final int[] bounds;
        private LabelsBuilder namedFor;

        PatternProcessor(PatternExpr expr) {
            this.expr = expr;
            this.captureNames = expr.captureNames();
            this.labelNames = new String[captureNames.length];
            this.bounds = new int[captureNames.length * 2];
        }

        @Override
        public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
            if (namedFor != labels) {
                for (int i = 0; i < captureNames.length; i++) {
                    String n = captureNames[i];
                    labelNames[i] = labels.baseHas(n) ? n + LabelNames.DUPLICATE_SUFFIX : n;
                }
                namedFor = labels;
            }
            byte[] b = line.buffer();
            int found = expr.match(b, line.offset(), line.length(), bounds);
            for (int i = 0; i < found; i++) {
                labels.setBytes(labelNames[i], b, bounds[2 * i], bounds[2 * i + 1] - bounds[2 * i]);
            }
            return true;
        }
    }

    private static final class UnpackProcessor implements Stage.Processor, JsonScanner.MemberVisitor {
        private final JsonScanner scanner = new JsonScanner();
        private final NameCache names = new NameCache();
        private byte[] entry = new byte[256];
        private int entryLen;
        private boolean packed;
        private byte[] pending = new byte[256]; // unescaped values, back to back
        private int pendingLen;
        private String[] pendingNames = new String[16];
        private int[] pendingEnds = new int[16];
        private int pendingCount;
        private LabelsBuilder labels;

        @Override
        public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
            this.labels = labels;
            packed = false;
            pendingLen = 0;
            pendingCount = 0;
            int err = scanner.objectEach(line.buffer(), line.offset(), line.offset() + line.length(), this);
            if (err != JsonScanner.OK) {
                labels.setError(JsonParserStage.ERROR);
                labels.setErrorDetails(JsonScanner.message(err));
                return true;
            }
            if (packed) {
                int start = 0;
                for (int i = 0; i < pendingCount; i++) {
                    labels.setBytes(pendingNames[i], pending, start, pendingEnds[i] - start);
                    start = pendingEnds[i];
                }
                line.set(entry, 0, entryLen);
            }
            return true;
        }

        @Override
        public int member(byte[] b, int keyStart, int keyEnd, boolean keyEscaped, JsonScanner v) {
            if (v.type != JsonScanner.STRING) return JsonScanner.OK;
            int len = v.valueEnd - v.valueStart;
            if (keyEnd - keyStart == PACKED_ENTRY_KEY.length()
                    && Arrays.equals(b, keyStart, keyEnd, PACKED_ENTRY_KEY.getBytes(StandardCharsets.US_ASCII), 0, 6)) {
                if (entry.length < len) entry = new byte[len * 2];
                int n = JsonScanner.unescape(b, v.valueStart, v.valueEnd, entry);
                entryLen = Math.max(n, 0);
                packed = true;
                return JsonScanner.OK;
            }
            String name = names.get(b, keyStart, keyEnd - keyStart,
                    raw -> labels.baseHas(raw) ? raw + LabelNames.DUPLICATE_SUFFIX : raw);
            if (pending.length < pendingLen + len) pending = Arrays.copyOf(pending, (pendingLen + len) * 2);
            int n = JsonScanner.unescape(b, v.valueStart, v.valueEnd, scratch(len));
            if (n < 0) n = 0;
            System.arraycopy(scratch, 0, pending, pendingLen, n);
            pendingLen += n;
            if (pendingCount == pendingNames.length) {
                pendingNames = Arrays.copyOf(pendingNames, pendingCount * 2);
                pendingEnds = Arrays.copyOf(pendingEnds, pendingCount * 2);
            }
            pendingNames[pendingCount] = name;
            pendingEnds[pendingCount++] = pendingLen;
            return JsonScanner.OK;
        }

        private byte[] scratch = new byte[256];

        private byte[] scratch(int len) {
            if (scratch.length < len) scratch = new byte[len * 2];
            return scratch;
        }
    }
}
