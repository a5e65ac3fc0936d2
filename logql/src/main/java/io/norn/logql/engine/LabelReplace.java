package io.norn.logql.engine;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.norn.model.Labels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code label_replace(v, dst, replacement, src, regex)}: where the anchored regex matches the value of
 * {@code src}, sets {@code dst} to the expanded replacement ({@code $1}, {@code ${name}}), or removes it when
 * the expansion is empty. Series that do not match are unchanged. Immutable.
 */
final class LabelReplace {
    private final String dst;
    private final String replacement;
    private final String src;
    private final Pattern pattern;

    LabelReplace(String dst, String replacement, String src, String regex) {
        this.dst = dst;
        this.replacement = replacement;
        this.src = src;
        try {
            this.pattern = Pattern.compile("^(?:" + regex + ")$", Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new QueryException(QueryException.Kind.BAD_QUERY, "invalid regular expression in label_replace(): " + regex, e);
        }
    }

    Labels apply(Labels labels) {
        String value = labels.get(src);
        Matcher m = pattern.matcher(value);
        if (!m.matches()) return labels;
        String res = expand(m);
        Labels.Builder b = new Labels.Builder(labels).delete(dst);
        if (!res.isEmpty()) b.set(dst, res);
        return b.build();
    }

    List<StepSeries> apply(List<StepSeries> input) {
        Map<Labels, StepSeries> out = new LinkedHashMap<>();
        for (StepSeries s : input) {
            Labels l = apply(s.labels);
            StepSeries prev = out.get(l);
            if (prev == null) {
                out.put(l, s.withLabels(l));
            } else {
                for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) prev.set(i, s.values[i]);
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Go's regexp template expansion: {@code $$}, {@code $name}, {@code ${name}}, names by number or group name. */
    private String expand(Matcher m) {
        StringBuilder sb = new StringBuilder();
        String t = replacement;
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c != '$' || i + 1 >= t.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char next = t.charAt(i + 1);
            if (next == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (next == '{') {
                int close = t.indexOf('}', i + 2);
                if (close < 0 || close == i + 2 || !isName(t, i + 2, close)) {
                    sb.append(c);
                    i++;
                    continue;
                }
                name = t.substring(i + 2, close);
                end = close + 1;
            } else {
                int j = i + 1;
                while (j < t.length() && isNameChar(t.charAt(j))) j++;
                if (j == i + 1) {
                    sb.append(c);
                    i++;
                    continue;
                }
                name = t.substring(i + 1, j);
                end = j;
            }
            sb.append(group(m, name));
            i = end;
        }
        return sb.toString();
    }

    private static String group(Matcher m, String name) {
        String g;
        if (name.chars().allMatch(Character::isDigit)) {
            int n;
            try {
                n = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                return "";
            }
            if (n > m.groupCount()) return "";
            g = m.group(n);
        } else {
            try {
                g = m.group(name);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return g == null ? "" : g;
    }

    private static boolean isName(String s, int from, int to) {
        for (int i = from; i < to; i++) if (!isNameChar(s.charAt(i))) return false;
        return true;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c) && c < 128;
    }
}
