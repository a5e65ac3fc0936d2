package io.norn.logql.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a pattern-parser expression ({@code <ip> - <_> "<method> <path>"}) into literals and captures.
 * A capture is {@code <name>} with a label-name-like identifier, or {@code <_>}; anything else is literal.
 */
public final class PatternExpression {
    private PatternExpression() {
    }

    /** The nodes of the expression in order; captures keep their angle brackets, adjacent literals are merged. */
    public static List<String> split(String pattern) {
        List<String> out = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '<') {
                int end = i + 1;
                while (end < pattern.length() && isIdentChar(pattern.charAt(end), end == i + 1)) end++;
                if (end > i + 1 && end < pattern.length() && pattern.charAt(end) == '>') {
                    if (!literal.isEmpty()) {
                        out.add(literal.toString());
                        literal.setLength(0);
                    }
                    out.add(pattern.substring(i, end + 1));
                    i = end + 1;
                    continue;
                }
            }
            literal.append(c);
            i++;
        }
        if (!literal.isEmpty()) out.add(literal.toString());
        return out;
    }

    /** True when the node is a capture ({@code <name>} or {@code <_>}). */
    public static boolean isCapture(String node) {
        if (node.length() < 3 || node.charAt(0) != '<' || node.charAt(node.length() - 1) != '>') return false;
        for (int i = 1; i < node.length() - 1; i++) {
            if (!isIdentChar(node.charAt(i), i == 1)) return false;
        }
        return true;
    }

    private static boolean isIdentChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }
}
