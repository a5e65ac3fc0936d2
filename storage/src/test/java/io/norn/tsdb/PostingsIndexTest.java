package io.norn.tsdb;

import io.norn.model.LabelMatcher;
import io.norn.model.LabelMatcher.Type;
import io.norn.model.Labels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostingsIndexTest {
    private static final Labels API_PROD = Labels.of("app", "api", "env", "prod");
    private static final Labels WEB_PROD = Labels.of("app", "web", "env", "prod");
    private static final Labels API_DEV = Labels.of("app", "api", "env", "dev");
    private static final Labels DB = Labels.of("app", "db");

    private static PostingsIndex<String> index() {
        PostingsIndex<String> idx = new PostingsIndex<>();
        for (Labels l : List.of(API_PROD, WEB_PROD, API_DEV, DB)) idx.putIfAbsent(l, l.toString());
        return idx;
    }

    private static List<Labels> matching(PostingsIndex<String> idx, LabelMatcher... ms) {
        List<Labels> out = new ArrayList<>();
        idx.forEachMatching(Arrays.asList(ms), out::add);
        return out;
    }

    private static LabelMatcher m(String type, String name, String value) {
        Type t = switch (type) {
            case "=" -> Type.EQ;
            case "!=" -> Type.NEQ;
            case "=~" -> Type.RE;
            case "!~" -> Type.NRE;
            default -> throw new IllegalArgumentException(type);
        };
        return LabelMatcher.of(t, name, value);
    }

    @ParameterizedTest(name = "{0}{1}\"{2}\"")
    @CsvSource(delimiter = ';', value = {
            "=  ; app ; api     ; api-prod api-dev",
            "=  ; env ; ''      ; db",
            "=  ; nope ; x      ; ''",
            "!= ; env ; prod    ; api-dev db",
            "!= ; env ; ''      ; api-prod web-prod api-dev",
            "=~ ; app ; a.*|d.* ; api-prod api-dev db",
            "=~ ; app ; api|db  ; api-prod api-dev db",
            "=~ ; app ; p       ; ''",
            "=~ ; env ; .*      ; api-prod web-prod api-dev db",
            "=~ ; env ; .+      ; api-prod web-prod api-dev",
            "!~ ; app ; a.*     ; web-prod db",
            "!~ ; env ; pr.*    ; api-dev db",
    })
    void singleMatcherSelectsWithPrometheusSemantics(String type, String name, String value, String expected) {
        List<String> names = matching(index(), m(type.strip(), name.strip(), value.strip())).stream().map(PostingsIndexTest::shortName).toList();
        List<String> want = expected.isBlank() ? List.of() : List.of(expected.strip().split(" "));
        assertThat(names).containsExactlyInAnyOrderElementsOf(want);
    }

    private static String shortName(Labels l) {
        return l.get("app") + (l.has("env") ? "-" + l.get("env") : "");
    }

    @Test
    void matchersAreAndedAndNoMatcherSelectsEverything() {
        PostingsIndex<String> idx = index();
        assertThat(matching(idx, m("=", "app", "api"), m("!=", "env", "dev"))).containsExactly(API_PROD);
        assertThat(matching(idx, m("=~", "app", ".+"), m("=", "env", ""))).containsExactly(DB);
        assertThat(matching(idx)).containsExactlyInAnyOrder(API_PROD, WEB_PROD, API_DEV, DB);
        assertThat(idx.select(List.of(m("=", "app", "web")))).containsExactly(WEB_PROD.toString());
    }

    @Test
    void putIfAbsentKeepsTheFirstValueAndRemoveCleansPostings() {
        PostingsIndex<String> idx = index();
        assertThat(idx.putIfAbsent(API_PROD, "other")).isEqualTo(API_PROD.toString());
        assertThat(idx.get(API_PROD)).isEqualTo(API_PROD.toString());
        assertThat(idx.size()).isEqualTo(4);
        assertThat(idx.labelNames()).containsExactly("app", "env");

        idx.remove(API_PROD);
        idx.remove(WEB_PROD);
        idx.remove(API_DEV);
        idx.remove(API_DEV);

        assertThat(idx.size()).isEqualTo(1);
        assertThat(idx.get(API_PROD)).isNull();
        assertThat(idx.labelNames()).containsExactly("app");
        assertThat(matching(idx, m("=", "app", "api"))).isEmpty();
        assertThat(matching(idx, m("!=", "env", "x"))).containsExactly(DB);
    }
}
