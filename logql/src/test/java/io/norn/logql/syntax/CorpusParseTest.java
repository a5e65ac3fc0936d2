package io.norn.logql.syntax;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every corpus query parses, or fails to parse exactly as Loki answered. */
class CorpusParseTest {
    /**
     * Queries Loki rejects after parsing: bad request parameters (api-*), pipeline errors met while
     * evaluating (error-008, error-011), a template error found when the pipeline is compiled
     * (invalid-008) and a many-to-one match without group_left (binop-012, a 500).
     */
    private static final Set<String> REJECTED_AFTER_PARSING = Set.of(
            "api-001", "api-002", "api-003", "api-004", "error-008", "error-011", "invalid-008", "binop-012");

    static List<Corpus.Query> accepted() {
        return Corpus.queries().stream().filter(q -> q.status() == 200 || REJECTED_AFTER_PARSING.contains(q.id())).toList();
    }

    static List<Corpus.Query> rejected() {
        return Corpus.queries().stream().filter(q -> q.status() != 200 && !REJECTED_AFTER_PARSING.contains(q.id())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void parses(Corpus.Query q) throws ParseException {
        Expr e = LogQL.parse(q.query());
        assertThat(e).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void printsToAnEqualAst(Corpus.Query q) throws ParseException {
        Expr e = LogQL.parse(q.query());
        String printed = Printer.format(e);
        assertThat(LogQL.parse(printed)).as(printed).isEqualTo(e);
        assertThat(Printer.format(LogQL.parse(printed))).isEqualTo(printed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void failsWithLokisMessage(Corpus.Query q) {
        assertThat(q.status()).isEqualTo(400);
        ParseException ex = catchThrowableOfType(ParseException.class, () -> LogQL.parse(q.query()));
        assertThat(ex).as(q.query()).isNotNull();
        assertThat(ex.getMessage()).isEqualTo(q.error());
    }
}
