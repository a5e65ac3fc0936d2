package io.norn.logql.log;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code | json} without parameters: every string, number and boolean member becomes a label; nested objects are
 * flattened with {@code _}; arrays and nulls are skipped; names are sanitized and get {@code _extracted} when they
 * clash with a stream label. Invalid JSON keeps the labels found before the error and sets
 * {@code __error__=JSONParserErr} with the scanner's message as {@code __error_details__}.
 */
final class JsonParserStage implements Stage {
    static final String ERROR = "JSONParserErr";
    static final JsonParserStage INSTANCE = new JsonParserStage(null);

    /** Labels to keep (parser hints), or null for all. */
    private final Set<String> onlyLabels;

    JsonParserStage(Set<String> onlyLabels) {
        this.onlyLabels = onlyLabels;
    }

    @Override
    public Processor processor() {
        return new JsonProcessor(onlyLabels);
    }

    static final class JsonProcessor implements Processor, JsonScanner.MemberVisitor {
        private final Set<String> onlyLabels;
        private final JsonScanner scanner = new JsonScanner();
        private final NameCache topLevelNames = new NameCache();
        private final NameCache nestedNames = new NameCache();
        private byte[] prefix = new byte[256]; // sanitized name of the enclosing objects
        private int prefixLen;
        private byte[] keyScratch = new byte[256];
        private byte[] valueScratch = new byte[256];
        private LabelsBuilder labels;
        /** Labels set while parsing the last line (more than the labels it has when one was set twice). */
        private int labelsSet;
        /** The block whose columns {@link #plan} was made for, and whether they can stand in for its lines. */
        private JsonColumns plannedFor;
        private boolean planUsable;
        /** The columns this query needs, and the label each one sets. */
        private JsonColumns.Values[] plan = new JsonColumns.Values[8];
        private String[] planLabels = new String[8];
        private int planSize;
        // created once: a capturing lambda per member would allocate on every call
        private final Function<String, String> topLevelName = raw -> {
            String n = LabelNames.sanitize(raw);
            return n.isEmpty() ? null : labelName(n);
        };
        private final Function<String, String> nestedName = this::labelName;

        JsonProcessor(Set<String> onlyLabels) {
            this.onlyLabels = onlyLabels;
        }

        @Override
        public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
            this.labels = labels;
            prefixLen = 0;
            labelsSet = 0;
            byte[] b = line.buffer();
            int err = scanner.objectEach(b, line.offset(), line.offset() + line.length(), this);
            if (err != JsonScanner.OK) {
                labels.setError(ERROR);
                labels.setErrorDetails(JsonScanner.message(err));
            }
            return true;
        }

        @Override
        public int member(byte[] b, int keyStart, int keyEnd, boolean keyEscaped, JsonScanner v) {
            int type = v.type;
            if (type == JsonScanner.ARRAY || type == JsonScanner.NULL) return JsonScanner.OK;
            byte[] kb = b;
            int ks = keyStart;
            int kl = keyEnd - keyStart;
            if (keyEscaped) {
                if (keyScratch.length < kl) keyScratch = new byte[kl * 2];
                kl = JsonScanner.unescape(b, keyStart, keyEnd, keyScratch);
                if (kl < 0) return JsonScanner.MALFORMED_STRING_ESCAPE;
                kb = keyScratch;
                ks = 0;
            }
            if (type == JsonScanner.OBJECT) {
                int saved = prefixLen;
                appendToPrefix(kb, ks, kl);
                int err = scanner.objectEach(b, v.valueStart, v.valueEnd, this);
                prefixLen = saved;
                return err;
            }
            String name;
            if (prefixLen == 0) {
                name = topLevelNames.get(kb, ks, kl, topLevelName);
            } else {
                int saved = prefixLen;
                appendToPrefix(kb, ks, kl);
                name = nestedNames.get(prefix, 0, prefixLen, nestedName);
                prefixLen = saved;
            }
            if (name == null) return JsonScanner.OK;
            labelsSet++;
            switch (type) {
                case JsonScanner.STRING -> setString(name, b, v.valueStart, v.valueEnd);
                case JsonScanner.NUMBER -> labels.setBytes(name, b, v.valueStart, v.valueEnd - v.valueStart);
                case JsonScanner.BOOLEAN -> labels.set(name, b[v.valueStart] == 't' ? "true" : "false");
                default -> {
                }
            }
            return JsonScanner.OK;
        }

        int labelsSet() {
            return labelsSet;
        }

        /**
         * Whether the labels this query needs can be taken from {@code columns} instead of parsing the lines of their
         * block: every needed column has its values, and no two columns set the same label (after the suffix for
         * names the stream has). Plans {@link #applyColumns} for that block.
         */
        boolean acceptsColumns(JsonColumns columns, LabelsBuilder labels) {
            if (columns == plannedFor) return planUsable;
            this.labels = labels;
            plannedFor = columns;
            planUsable = false;
            planSize = 0;
            for (int c = 0; c < columns.size(); c++) {
                String name = labelName(columns.name(c));
                if (name == null) continue;
                JsonColumns.Values values = columns.values(c);
                if (values == null) return false;
                name = name.intern();
                for (int k = 0; k < planSize; k++) if (planLabels[k] == name) return false;
                if (planSize == plan.length) {
                    plan = Arrays.copyOf(plan, planSize * 2);
                    planLabels = Arrays.copyOf(planLabels, planSize * 2);
                }
                plan[planSize] = values;
                planLabels[planSize++] = name;
            }
            planUsable = true;
            return true;
        }

        /** Sets the labels of entry {@code entry} of the block last accepted by {@link #acceptsColumns}. */
        void applyColumns(int entry, LabelsBuilder labels) {
            for (int k = 0; k < planSize; k++) {
                JsonColumns.Values v = plan[k];
                int start = v.starts()[entry];
                if (start >= 0) labels.setBytes(planLabels[k], v.bytes(), start, v.ends()[entry] - start);
            }
        }

        /** The label a member named {@code n} sets, or null when the query does not need it (cached per key). */
        private String labelName(String n) {
            String name = labels.baseHas(n) ? n + LabelNames.DUPLICATE_SUFFIX : n;
            return onlyLabels != null && !onlyLabels.contains(name) ? null : name;
        }

        /** Appends {@code _} (unless empty) and the sanitized key to the prefix, as Loki builds nested names. */
        private void appendToPrefix(byte[] kb, int ks, int kl) {
            if (prefix.length < prefixLen + 2 + 2 * kl) prefix = Arrays.copyOf(prefix, (prefixLen + 2 + 2 * kl) * 2);
            if (kl == 0) return;
            if (prefixLen > 0) {
                prefix[prefixLen++] = '_';
            } else if (kb[ks] >= '0' && kb[ks] <= '9') {
                prefix[prefixLen++] = '_';
            }
            prefixLen = LabelNames.appendSanitizedBytes(kb, ks, kl, prefix, prefixLen);
        }

        private void setString(String name, byte[] b, int from, int to) {
            setJsonString(labels, name, b, from, to, this);
        }

        byte[] scratch(int len) {
            if (valueScratch.length < len) valueScratch = new byte[Math.max(len, valueScratch.length * 2)];
            return valueScratch;
        }
    }

    /** Sets a label from the raw content of a JSON string: unescaped; "" when invalid, as Loki does. */
    static void setJsonString(LabelsBuilder labels, String name, byte[] b, int from, int to, JsonProcessor p) {
        int len = to - from;
        boolean hasEscape = false;
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                hasEscape = true;
                break;
            }
        }
        byte[] src = b;
        int off = from;
        if (hasEscape) {
            byte[] out = p.scratch(len);
            len = JsonScanner.unescape(b, from, to, out);
            if (len < 0) {
                labels.set(name, "");
                return;
            }
            src = out;
            off = 0;
        }
        if (LabelNames.hasRuneError(src, off, len)) {
            labels.set(name, "");
        } else {
            labels.setBytes(name, src, off, len);
        }
    }
}
