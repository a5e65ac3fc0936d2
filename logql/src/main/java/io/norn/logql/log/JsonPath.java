package io.norn.logql.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code json} parameter expression such as {@code ctx.tags[0]} or {@code ["k8s.node"]} into path
 * elements: {@link String} for member names and {@link Integer} for array indices.
 */
final class JsonPath {
    private JsonPath() {
    }

    static List<Object> parse(String expr) {
        List<Object> path = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        boolean expectField = true;
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '.') {
                if (path.isEmpty()) throw new IllegalArgumentException("syntax error: unexpected DOT");
                i++;
                expectField = true;
                continue;
            }
            if (c == '[') {
                int close = expr.indexOf(']', i);
                if (close < 0) throw new IllegalArgumentException("syntax error: unexpected $end, expecting RSB");
                String inner = expr.substring(i + 1, close).strip();
                if (inner.startsWith("\"")) {
                    int q = closingQuote(expr, i + 2);
                    if (q < 0) throw new IllegalArgumentException("syntax error: unterminated string");
                    path.add(unquote(expr.substring(i + 2, q)));
                    close = expr.indexOf(']', q);
                    if (close < 0) throw new IllegalArgumentException("syntax error: unexpected $end, expecting RSB");
                } else {
                    try {
                        path.add(Integer.parseInt(inner));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("syntax error: unexpected " + inner, e);
                    }
                }
                i = close + 1;
                expectField = false;
                continue;
            }
            if (!expectField && !path.isEmpty()) throw new IllegalArgumentException("syntax error: unexpected " + c);
            int start = i;
            while (i < n && expr.charAt(i) != '.' && expr.charAt(i) != '[') i++;
            path.add(expr.substring(start, i));
            expectField = false;
        }
        if (path.isEmpty()) throw new IllegalArgumentException("syntax error: unexpected $end");
        return path;
    }

    private static int closingQuote(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '"') return i;
        }
        return -1;
    }

    private static String unquote(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) c = s.charAt(++i);
            sb.append(c);
        }
        return sb.toString();
    }
}
