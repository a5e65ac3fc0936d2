package io.norn.logql.log;

import java.nio.charset.StandardCharsets;
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
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
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
        /** Where labels go instead of {@link #labels} while {@link JsonLabelExtractor} uses this processor. */
        private JsonLabelExtractor.Sink sink;
        /** The value {@link #decodeString} decoded: in the line or in {@link #valueScratch}, from this offset. */
        private byte[] decoded;
        private int decodedOff;
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

        /** Sends the labels of the lines processed from now on to {@code sink}, instead of setting them. */
        void reportTo(JsonLabelExtractor.Sink sink) {
            this.sink = sink;
        }

        @Override
        public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
            this.labels = labels;
            prefixLen = 0;
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
            if (sink != null) {
                report(name, type, b, v.valueStart, v.valueEnd);
                return JsonScanner.OK;
            }
            switch (type) {
                case JsonScanner.STRING -> {
                    int len = decodeString(b, v.valueStart, v.valueEnd);
                    if (len == 0) labels.set(name, "");
                    else labels.setBytes(name, decoded, decodedOff, len);
                }
                case JsonScanner.NUMBER -> labels.setBytes(name, b, v.valueStart, v.valueEnd - v.valueStart);
                case JsonScanner.BOOLEAN -> labels.set(name, b[v.valueStart] == 't' ? "true" : "false");
                default -> {
                }
            }
            return JsonScanner.OK;
        }

        /**
         * Reports a member's label to the sink, with the value it would be set to; a string too long for a json column
         * is reported as its JSON text, spared decoding.
         */
        private void report(String name, int type, byte[] b, int from, int to) {
            switch (type) {
                case JsonScanner.STRING -> {
                    if (to - from > JsonColumns.MAX_VALUE_LENGTH) {
                        sink.label(name, b, from, to - from);
                    } else {
                        int len = decodeString(b, from, to);
                        sink.label(name, decoded, decodedOff, len);
                    }
                }
                case JsonScanner.NUMBER -> sink.label(name, b, from, to - from);
                case JsonScanner.BOOLEAN -> {
                    boolean t = b[from] == 't';
                    sink.label(name, t ? TRUE : FALSE, 0, t ? 4 : 5);
                }
                default -> {
                }
            }
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

        /**
         * Decodes the raw content of a JSON string as {@code | json} sets it: unescaped, and empty when it is invalid
         * (as Loki does). Returns its length; the bytes are in {@link #decoded} from {@link #decodedOff}.
         */
        private int decodeString(byte[] b, int from, int to) {
            int len = to - from;
            boolean hasEscape = false;
            for (int i = from; i < to; i++) {
                if (b[i] == '\\') {
                    hasEscape = true;
                    break;
                }
            }
            decoded = b;
            decodedOff = from;
            if (hasEscape) {
                if (valueScratch.length < len) valueScratch = new byte[Math.max(len, valueScratch.length * 2)];
                len = JsonScanner.unescape(b, from, to, valueScratch);
                if (len < 0) return 0;
                decoded = valueScratch;
                decodedOff = 0;
            }
            return LabelNames.hasRuneError(decoded, decodedOff, len) ? 0 : len;
        }
    }
}
