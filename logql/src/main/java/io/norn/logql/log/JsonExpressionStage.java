package io.norn.logql.log;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code | json label="path", ...}: each path is looked up in the line; strings are unescaped, numbers and booleans
 * kept as written, objects and arrays kept as JSON text, null and missing paths give "". A line that does not start
 * like JSON gets {@code __error__=JSONParserErr}; a malformed value at a found path adds the scanner's message.
 */
final class JsonExpressionStage implements Stage {
    private final List<String> ids;
    private final List<List<Object>> paths;

    JsonExpressionStage(List<String> ids, List<List<Object>> paths) {
        this.ids = ids;
        this.paths = paths;
    }

    @Override
    public Processor processor() {
        return new ExpressionProcessor();
    }

    private final class ExpressionProcessor implements Processor {
        private final JsonScanner scanner = new JsonScanner();
        private final byte[][] keyBytes;
        private String[] names;
        private LabelsBuilder namedFor;
        private byte[] scratch = new byte[256];

        ExpressionProcessor() {
            keyBytes = new byte[0][];
        }

        @Override
        public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
            if (namedFor != labels) {
                names = new String[ids.size()];
                for (int i = 0; i < names.length; i++) {
                    String id = ids.get(i);
                    names[i] = labels.baseHas(id) ? id + LabelNames.DUPLICATE_SUFFIX : id;
                }
                namedFor = labels;
            }
            int len = line.length();
            if (len == 0) return true;
            byte[] b = line.buffer();
            int off = line.offset();
            byte first = b[off];
            if (first != '"' && first != '{' && first != '[') {
                labels.setError(JsonParserStage.ERROR);
                return true;
            }
            for (int i = 0; i < names.length; i++) {
                int err = lookup(b, off, off + len, paths.get(i));
                if (err == JsonScanner.OK) {
                    set(labels, names[i], b);
                } else if (err > 0) {
                    labels.setError(JsonParserStage.ERROR);
                    labels.setErrorDetails(JsonScanner.message(err));
                } else if (labels.value(ids.get(i)) == null) {
                    labels.set(ids.get(i), "");
                }
            }
            return true;
        }

        private void set(LabelsBuilder labels, String name, byte[] b) {
            switch (scanner.type) {
                case JsonScanner.NULL -> labels.set(name, "");
                case JsonScanner.OBJECT, JsonScanner.ARRAY, JsonScanner.NUMBER, JsonScanner.BOOLEAN ->
                        labels.setBytes(name, b, scanner.valueStart, scanner.valueEnd - scanner.valueStart);
                default -> {
                    int from = scanner.valueStart;
                    int to = scanner.valueEnd;
                    if (scratch.length < to - from) scratch = new byte[(to - from) * 2];
                    int n = JsonScanner.unescape(b, from, to, scratch);
                    if (n < 0 || LabelNames.hasRuneError(scratch, 0, n)) labels.set(name, "");
                    else labels.setBytes(name, scratch, 0, n);
                }
            }
        }

        /**
         * Finds the value at {@code path}: OK with the scanner describing it, -1 when absent (or the document is
         * malformed before reaching it), or a positive error code when the value itself is malformed.
         */
        private int lookup(byte[] b, int from, int end, List<Object> path) {
            int pos = from;
            for (Object element : path) {
                int start = JsonScanner.nextToken(b, pos, end);
                if (start < 0) return -1;
                if (element instanceof Integer index) {
                    if (b[start] != '[') return -1;
                    int found = arrayElement(b, start, end, index);
                    if (found < 0) return -1;
                    pos = found;
                } else {
                    if (b[start] != '{') return -1;
                    int found = member(b, start, end, (String) element);
                    if (found < 0) return -1;
                    pos = found;
                }
            }
            int err = scanner.value(b, pos, end);
            return err;
        }

        /** Start of the value of member {@code name} in the object at {@code start}, or -1. */
        private int member(byte[] b, int start, int end, String name) {
            byte[] key = name.getBytes(StandardCharsets.UTF_8);
            int off = JsonScanner.nextToken(b, start + 1, end);
            while (off >= 0 && off < end && b[off] == '"') {
                int se = scanner.stringEnd(b, off + 1, end);
                if (se < 0) return -1;
                boolean match;
                if (scanner.lastStringEscaped()) {
                    if (scratch.length < se - off) scratch = new byte[(se - off) * 2];
                    int n = JsonScanner.unescape(b, off + 1, se - 1, scratch);
                    match = n == key.length && java.util.Arrays.equals(scratch, 0, n, key, 0, n);
                } else {
                    match = se - 1 - (off + 1) == key.length && java.util.Arrays.equals(b, off + 1, se - 1, key, 0, key.length);
                }
                int colon = JsonScanner.nextToken(b, se, end);
                if (colon < 0 || b[colon] != ':') return -1;
                if (match) return colon + 1;
                if (scanner.value(b, colon + 1, end) != JsonScanner.OK) return -1;
                int next = JsonScanner.nextToken(b, scanner.endOffset, end);
                if (next < 0 || b[next] != ',') return -1;
                off = JsonScanner.nextToken(b, next + 1, end);
            }
            return -1;
        }

        private int arrayElement(byte[] b, int start, int end, int index) {
            if (index < 0) return -1;
            int off = JsonScanner.nextToken(b, start + 1, end);
            for (int i = 0; off >= 0 && off < end && b[off] != ']'; i++) {
                if (i == index) return off;
                if (scanner.value(b, off, end) != JsonScanner.OK) return -1;
                int next = JsonScanner.nextToken(b, scanner.endOffset, end);
                if (next < 0 || b[next] != ',') return -1;
                off = JsonScanner.nextToken(b, next + 1, end);
            }
            return -1;
        }
    }
}
