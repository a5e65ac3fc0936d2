package io.norn.logql.engine;

import io.norn.model.Labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Loki 2.8's query frontend assembles a range query whose step is at least {@code split_queries_by_interval}.
 *
 * <p>The frontend splits such a query by step: sub-query {@code k} covers steps {@code k} and {@code k + 1}, so
 * neighbours share a step. At its first step a sub-query sees an entry exactly at the step time, at its last step
 * it does not (the data it reads ends there). The sub-query results reach the merge latest first (the default
 * direction is backward) and are then stably sorted by their "first time": the first sample of their first series
 * in label order. A sub-query whose first series has no sample at its first step therefore ties with the next one,
 * which then stays in front. The merge appends each series' samples response by response and drops any sample
 * that is not after the last one kept. So usually the earlier sub-query wins a shared step; after a tie the later
 * one wins it, and the earlier one's samples of every series the later one also has are dropped, including a
 * first-step point.
 */
final class SubQueryMerge {
    /** Loki's order of label sets: name by name, then value by value (byte order), shorter first on a tie. */
    static final Comparator<Labels> LOKI_ORDER = SubQueryMerge::compare;

    private SubQueryMerge() {
    }

    /**
     * Merges the per-step results of the two evaluation passes as the frontend merges the sub-query results.
     *
     * @param exclusive the series evaluated with every step not seeing an entry exactly at its time (except the
     *                  first step, which always sees it)
     * @param inclusive the series evaluated with every step but the last seeing such an entry
     */
    static List<StepSeries> merge(List<StepSeries> exclusive, List<StepSeries> inclusive, StepGrid grid) {
        int n = grid.size();
        if (n < 3) return exclusive;
        Map<Labels, StepSeries> ex = index(exclusive);
        Map<Labels, StepSeries> in = index(inclusive);
        List<Labels> all = new ArrayList<>(ex.keySet());
        for (Labels l : in.keySet()) if (!ex.containsKey(l)) all.add(l);
        all.sort(LOKI_ORDER);

        int responses = n - 1;
        long[] firstTime = new long[responses];
        for (int k = 0; k < responses; k++) {
            firstTime[k] = Long.MIN_VALUE; // a sub-query without series sorts first and adds nothing
            for (Labels l : all) {
                int s = firstStep(in.get(l), ex.get(l), k);
                if (s >= 0) {
                    firstTime[k] = grid.stepsNanos()[s];
                    break;
                }
            }
        }
        Integer[] order = new Integer[responses];
        for (int i = 0; i < responses; i++) order[i] = responses - 1 - i;
        Arrays.sort(order, Comparator.comparingLong(k -> firstTime[k])); // stable

        Map<Labels, StepSeries> out = new LinkedHashMap<>();
        Map<Labels, Integer> lastStep = new HashMap<>();
        for (int k : order) {
            for (Labels l : all) {
                StepSeries first = in.get(l);
                StepSeries second = ex.get(l);
                boolean hasFirst = first != null && first.has(k);
                boolean hasSecond = second != null && second.has(k + 1);
                if (!hasFirst && !hasSecond) continue;
                Integer last = lastStep.get(l);
                StepSeries target = out.computeIfAbsent(l, x -> new StepSeries(x, n));
                if (hasFirst && (last == null || k > last)) {
                    target.set(k, first.values[k]);
                    last = k;
                }
                if (hasSecond && (last == null || k + 1 > last)) {
                    target.set(k + 1, second.values[k + 1]);
                    last = k + 1;
                }
                if (last != null) lastStep.put(l, last);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static int firstStep(StepSeries first, StepSeries second, int k) {
        if (first != null && first.has(k)) return k;
        if (second != null && second.has(k + 1)) return k + 1;
        return -1;
    }

    private static Map<Labels, StepSeries> index(List<StepSeries> series) {
        Map<Labels, StepSeries> m = new HashMap<>();
        for (StepSeries s : series) m.put(s.labels, s);
        return m;
    }

    private static int compare(Labels a, Labels b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareUtf8(a.name(i), b.name(i));
            if (c != 0) return c;
            c = compareUtf8(a.value(i), b.value(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Compares as the UTF-8 bytes compare, i.e. by code point. */
    private static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
