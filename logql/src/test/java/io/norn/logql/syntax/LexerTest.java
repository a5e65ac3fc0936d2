package io.norn.logql.syntax;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LexerTest {
    private static List<TokenType> types(String in) throws ParseException {
        Lexer l = new Lexer(in);
        List<TokenType> out = new ArrayList<>();
        for (Token t = l.next(); t.type() != TokenType.EOF; t = l.next()) out.add(t.type());
        return out;
    }

    @Test
    void functionNamesAreKeywordsOnlyBeforeAParenthesis() throws ParseException {
        assertThat(types("sum(rate")).containsExactly(TokenType.SUM, TokenType.OPEN_PARENTHESIS, TokenType.IDENTIFIER);
        assertThat(types("sum by (a) (")).startsWith(TokenType.SUM, TokenType.BY);
        assertThat(types("rate > ip")).containsExactly(TokenType.IDENTIFIER, TokenType.GT, TokenType.IDENTIFIER);
        assertThat(types("JSON Or")).containsExactly(TokenType.JSON, TokenType.OR);
    }

    @Test
    void numbersWithUnits() throws ParseException {
        Lexer l = new Lexer("5m 1.5h 10KB 1.5MiB 42 -5m --keep-empty 3 -1");
        assertThat(l.next()).extracting(Token::type, Token::value).containsExactly(TokenType.DURATION, 300_000_000_000L);
        assertThat(l.next()).extracting(Token::type, Token::value).containsExactly(TokenType.DURATION, 5_400_000_000_000L);
        assertThat(l.next()).extracting(Token::type, Token::value).containsExactly(TokenType.BYTES, 10_000L);
        assertThat(l.next()).extracting(Token::type, Token::value).containsExactly(TokenType.BYTES, 1_572_864L);
        assertThat(l.next()).extracting(Token::type, Token::text).containsExactly(TokenType.NUMBER, "42");
        assertThat(l.next()).extracting(Token::type, Token::value).containsExactly(TokenType.DURATION, -300_000_000_000L);
        assertThat(l.next()).extracting(Token::type, Token::text).containsExactly(TokenType.PARSER_FLAG, "--keep-empty");
        assertThat(l.next().type()).isEqualTo(TokenType.NUMBER);
        assertThat(l.next().type()).isEqualTo(TokenType.SUB);
        assertThat(l.next().type()).isEqualTo(TokenType.NUMBER);
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "90000000000,1m30s", "86400000000000,1d", "604800000000000,1w", "31536000000000000,1y", "1500000000,1s500ms"})
    void prometheusDurations(long nanos, String text) throws Durations.DurationException {
        assertThat(Durations.formatPrometheus(nanos)).isEqualTo(text);
        assertThat(Durations.parsePrometheus(text)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "1500000000,1.5s", "250000000,250ms", "3600000000000,1h0m0s", "1000,1\u00b5s", "5,5ns", "-90000000000,-1m30s"})
    void goDurations(long nanos, String text) {
        assertThat(Durations.formatGo(nanos)).isEqualTo(text);
        assertThat(Durations.parseGo(text)).hasValue(nanos);
    }

    @Test
    void ipPatterns() {
        assertThat(IpPatterns.valid("10.0.0.1")).isTrue();
        assertThat(IpPatterns.valid("10.0.0.0/8")).isTrue();
        assertThat(IpPatterns.valid("2001:db8::/32")).isTrue();
        assertThat(IpPatterns.valid("::ffff:1.2.3.4")).isTrue();
        assertThat(IpPatterns.valid("10.0.0.1-10.0.0.9")).isTrue();
        assertThat(IpPatterns.valid("10.0.0.9-10.0.0.1")).isFalse();
        assertThat(IpPatterns.valid("10.0.0.0/33")).isFalse();
        assertThat(IpPatterns.valid("010.0.0.1")).isFalse();
        assertThat(IpPatterns.valid("1:2:3:4:5:6:7:8:9")).isFalse();
        assertThat(IpPatterns.valid("not-an-ip")).isFalse();
        assertThat(IpPatterns.valid("1::2::3")).isFalse();
    }
}
