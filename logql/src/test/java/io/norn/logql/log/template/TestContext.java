package io.norn.logql.log.template;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A fixed line, timestamp and label set for tests. */
record TestContext(Map<String, String> labelMap, String line, long timestampNanos) implements TemplateContext {
    TestContext {
        labelMap = new TreeMap<>(labelMap);
    }

    static TestContext of(String line, long ts, String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return new TestContext(m, line, ts);
    }

    @Override
    public Optional<String> label(String name) {
        return Optional.ofNullable(labelMap.get(name));
    }

    @Override
    public Map<String, String> labels() {
        return labelMap;
    }
}
