package io.norn.logql.syntax;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random mutations of the corpus queries: the parser either returns an expression that prints back to an
 * equal expression, or throws {@link ParseException}; nothing else may escape.
 */
class FuzzTest {
    private static final String[] FRAGMENTS = {"(", ")", "{", "}", "[", "]", "|", "|=", "!=", "=~", "\"", "`", ",", " ",
            "or", "and", "by", "without", "sum", "rate", "json", "unwrap", "offset", "5m", "1.5", "-", "+", "^", "==",
            "bool", "on", "group_left", "ip(", "\\", "\n", "#", "--strict", "10KB", "1e3", "0x1F", "<_>", "label_format"};

    @Test
    void mutatedQueriesOnlyThrowParseException() {
        List<Corpus.Query> queries = Corpus.queries();
        SplittableRandom random = new SplittableRandom(20240115L);
        int parsed = 0;
        for (int round = 0; round < 40; round++) {
            for (Corpus.Query q : queries) {
                String mutated = mutate(q.query(), random);
                Expr e;
                try {
                    e = LogQL.parse(mutated);
                } catch (ParseException expected) {
                    continue;
                } catch (RuntimeException | StackOverflowError unexpected) {
                    fail("query " + mutated + " threw " + unexpected, unexpected);
                    return;
                }
                parsed++;
                String printed = Printer.format(e);
                if (e instanceof SampleExpr && (printed.contains("Inf") || printed.contains("NaN"))) {
                    // a folded literal that is not finite has no LogQL spelling (Loki prints it the same way)
                    continue;
                }
                try {
                    assertThat(LogQL.parse(printed)).as("%s printed as %s", mutated, printed).isEqualTo(e);
                } catch (ParseException pe) {
                    fail("printed form of " + mutated + " does not parse: " + printed + ": " + pe.getMessage());
                }
            }
        }
        assertThat(parsed).isPositive();
    }

    private static String mutate(String s, SplittableRandom random) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int pos = sb.isEmpty() ? 0 : random.nextInt(sb.length() + 1);
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (!sb.isEmpty()) {
                        int end = Math.min(sb.length(), pos + 1 + random.nextInt(4));
                        sb.delete(Math.min(pos, sb.length()), end);
                    }
                }
                case 1 -> sb.insert(pos, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 2 -> {
                    if (!sb.isEmpty()) {
                        int a = random.nextInt(sb.length());
                        int b = Math.min(sb.length(), a + 1 + random.nextInt(10));
                        sb.insert(pos, sb.substring(a, b));
                    }
                }
                default -> {
                    if (pos < sb.length()) sb.setCharAt(pos, (char) (32 + random.nextInt(95)));
                }
            }
        }
        return sb.toString();
    }
}
