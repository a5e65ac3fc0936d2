package io.norn.logql.syntax;

/**
 * One lexical token. {@code text} is the unquoted value for strings and the source text otherwise;
 * {@code value} holds nanoseconds for durations and ranges and the byte count for sizes.
 */
record Token(TokenType type, String text, long value, int line, int col) {
}
