package dev.vigil.promql;

/** One lexical token of a PromQL expression, with its offset into the text for error messages. */
record Token(Kind kind, String text, int pos) {

    /** Token kinds. Keywords are IDENT tokens; the parser decides by context. */
    enum Kind {
        IDENT, NUMBER, DURATION, STRING,
        LPAREN, RPAREN, LBRACE, RBRACE, LBRACKET, RBRACKET, COMMA, COLON, AT,
        ADD, SUB, MUL, DIV, MOD, POW,
        EQL, NEQ, LTE, LSS, GTE, GTR, EQL_REGEX, NEQ_REGEX, ASSIGN,
        EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isKeyword(String word) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(word);
    }
}
