package dev.vigil.promql;

import dev.vigil.label.Labels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Parses a series as promtool writes one: {@code name{a="b"}} or {@code {a="b"}}. */
public final class MetricParser {
    private MetricParser() {
    }

    public static Labels parse(String text) {
        List<Token> t = Lexer.lex(text);
        Map<String, String> labels = new TreeMap<>();
        int i = 0;
        if (t.get(i).is(Token.Kind.IDENT)) {
            labels.put("__name__", t.get(i++).text());
        }
        if (t.get(i).is(Token.Kind.LBRACE)) {
            i++;
            while (!t.get(i).is(Token.Kind.RBRACE)) {
                if (t.get(i).is(Token.Kind.EOF) || i + 3 > t.size()) {
                    throw new ParseException(t.get(i).pos(), "unexpected end of input inside braces");
                }
                Token name = t.get(i++);
                Token eq = t.get(i++);
                Token value = t.get(i++);
                if (!name.is(Token.Kind.IDENT) || !eq.is(Token.Kind.ASSIGN) || !value.is(Token.Kind.STRING)) {
                    throw new ParseException(name.pos(), "expected name=\"value\" in \"" + text + "\"");
                }
                labels.put(name.text(), value.text());
                if (t.get(i).is(Token.Kind.EOF)) {
                    throw new ParseException(t.get(i).pos(), "unexpected end of input inside braces");
                }
                if (t.get(i).is(Token.Kind.COMMA)) {
                    i++;
                }
            }
            i++;
        }
        if (!t.get(i).is(Token.Kind.EOF)) {
            throw new ParseException(t.get(i).pos(), "unexpected \"" + t.get(i).text() + "\" in series \"" + text + "\"");
        }
        return Labels.of(labels);
    }
}
