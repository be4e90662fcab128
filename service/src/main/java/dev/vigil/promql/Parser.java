package dev.vigil.promql;

import dev.vigil.label.Matcher;
import dev.vigil.promql.Expr.At;
import dev.vigil.promql.Expr.AtKind;
import dev.vigil.promql.Token.Kind;
import dev.vigil.time.PromDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses PromQL as Prometheus 2.42 does: precedence {@code or < and unless < comparisons < + - < * / % atan2 < ^},
 * {@code ^} right-associative, unary minus binding below {@code ^}; then checks the types, like Prometheus's
 * parser, so evaluation never meets an ill-typed tree. One class past 400 lines on purpose: a recursive-descent
 * parser's productions call each other, and splitting them would only scatter the grammar.
 */
public final class Parser {
    static final Set<String> AGGREGATORS = Set.of("sum", "avg", "count", "min", "max", "group", "stddev", "stdvar",
            "topk", "bottomk", "count_values", "quantile");
    private static final Set<String> SET_OPS = Set.of("and", "or", "unless");

    private final List<Token> tokens;
    private int i;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses and type-checks {@code input}; throws {@link ParseException} with the position of the first problem. */
    public static Expr parse(String input) {
        try {
            Parser p = new Parser(Lexer.lex(input));
            if (p.peek().is(Kind.EOF)) {
                throw new ParseException(0, "no expression found in input");
            }
            Expr e = p.expr(0);
            if (!p.peek().is(Kind.EOF)) {
                throw new ParseException(p.peek().pos(), "unexpected " + describe(p.peek()));
            }
            TypeChecker.check(e);
            return e;
        } catch (ParseException e) {
            throw e.in(input);
        }
    }

    private Token peek() {
        return tokens.get(i);
    }

    private Token take() {
        return tokens.get(i++);
    }

    private Token expect(Kind k, String what) {
        Token t = take();
        if (!t.is(k)) {
            throw new ParseException(t.pos(), "unexpected " + describe(t) + ", expected " + what);
        }
        return t;
    }

    private static String describe(Token t) {
        return t.is(Kind.EOF) ? "end of input" : "\"" + t.text() + "\"";
    }

    /** The binary operator at the cursor, if any, in Prometheus's spelling. */
    private String binaryOp() {
        Token t = peek();
        return switch (t.kind()) {
            case ADD, SUB, MUL, DIV, MOD, POW, EQL, NEQ, LTE, LSS, GTE, GTR -> t.text();
            case IDENT -> {
                String w = t.text().toLowerCase(Locale.ROOT);
                yield SET_OPS.contains(w) || w.equals("atan2") ? w : null;
            }
            default -> null;
        };
    }

    static int precedence(String op) {
        return switch (op) {
            case "or" -> 1;
            case "and", "unless" -> 2;
            case "==", "!=", "<", "<=", ">", ">=" -> 3;
            case "+", "-" -> 4;
            case "*", "/", "%", "atan2" -> 5;
            case "^" -> 6;
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** The deepest nesting parsed: deeper expressions are refused rather than exhausting the stack. */
    static final int MAX_DEPTH = 500;
    private int depth;

    private Expr expr(int minPrec) {
        if (++depth > MAX_DEPTH) {
            throw new ParseException(peek().pos(), "expression nested more than " + MAX_DEPTH + " levels deep");
        }
        try {
            return binary(minPrec);
        } finally {
            depth--;
        }
    }

    private Expr binary(int minPrec) {
        Expr lhs = unary();
        int chained = 0; // each operator chained here makes the tree one level deeper
        try {
            while (true) {
                String op = binaryOp();
                if (op == null || precedence(op) < minPrec) {
                    return lhs;
                }
                depth++;
                chained++;
                if (depth > MAX_DEPTH) {
                    throw new ParseException(peek().pos(), "expression nested more than " + MAX_DEPTH + " levels deep");
                }
                Token opToken = take();
                boolean returnBool = false;
                if (peek().isKeyword("bool")) {
                    take();
                    returnBool = true;
                }
                Expr.VectorMatching matching = matching(op);
                int next = op.equals("^") ? precedence(op) : precedence(op) + 1;
                Expr rhs = expr(next);
                lhs = new Expr.Binary(op, lhs, rhs, matching, returnBool, opToken.pos());
            }
        } finally {
            depth -= chained;
        }
    }

    private Expr.VectorMatching matching(String op) {
        Expr.Cardinality card = SET_OPS.contains(op) ? Expr.Cardinality.MANY_TO_MANY : Expr.Cardinality.ONE_TO_ONE;
        List<String> labels = List.of();
        boolean on = false;
        boolean explicit = false;
        if (peek().isKeyword("on") || peek().isKeyword("ignoring")) {
            on = take().text().equalsIgnoreCase("on");
            labels = labelList();
            explicit = true;
        }
        List<String> include = List.of();
        if (peek().isKeyword("group_left") || peek().isKeyword("group_right")) {
            Token g = take();
            if (!explicit) {
                throw new ParseException(g.pos(), "unexpected " + describe(g) + ": grouping needs on() or ignoring() first");
            }
            card = g.text().equalsIgnoreCase("group_left") ? Expr.Cardinality.MANY_TO_ONE : Expr.Cardinality.ONE_TO_MANY;
            if (peek().is(Kind.LPAREN)) {
                include = labelList();
            }
        }
        return new Expr.VectorMatching(card, labels, on, include);
    }

    private Expr unary() {
        if (peek().is(Kind.SUB) || peek().is(Kind.ADD)) {
            Token op = take();
            Expr operand = expr(precedence("^"));
            if (operand instanceof Expr.NumberLiteral n) {
                return new Expr.NumberLiteral(op.is(Kind.SUB) ? -n.value() : n.value(), op.pos());
            }
            return new Expr.Unary(op.text(), operand, op.pos());
        }
        return postfix(primary());
    }

    /** Range brackets, subqueries, {@code offset} and {@code @}, in any order Prometheus allows. */
    private Expr postfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.is(Kind.LBRACKET)) {
                e = bracket(e);
            } else if (t.isKeyword("offset")) {
                take();
                e = withOffset(e, signedDuration(), t.pos());
            } else if (t.is(Kind.AT)) {
                take();
                e = withAt(e, at(TypeChecker.start(e)), t.pos());
            } else {
                return e;
            }
        }
    }

    private Expr bracket(Expr e) {
        Token open = take();
        long range = duration();
        if (peek().is(Kind.COLON)) {
            take();
            long step = peek().is(Kind.RBRACKET) ? 0 : duration();
            expect(Kind.RBRACKET, "\"]\"");
            return new Expr.Subquery(e, range, step, 0, At.NONE, open.pos());
        }
        expect(Kind.RBRACKET, "\"]\"");
        if (!(e instanceof Expr.VectorSelector vs)) {
            throw new ParseException(open.pos(), "ranges only allowed for vector selectors");
        }
        if (vs.offsetMs() != 0 || vs.at().kind() != AtKind.NONE) {
            throw new ParseException(open.pos(), "no offset or @ modifier allowed before range");
        }
        return new Expr.MatrixSelector(vs, range, vs.pos());
    }

    private Expr withOffset(Expr e, long offset, int pos) {
        if (e instanceof Expr.VectorSelector vs && vs.offsetMs() == 0) {
            return new Expr.VectorSelector(vs.name(), vs.matchers(), offset, vs.at(), vs.pos());
        }
        if (e instanceof Expr.MatrixSelector ms && ms.selector().offsetMs() == 0) {
            Expr.VectorSelector vs = ms.selector();
            return new Expr.MatrixSelector(new Expr.VectorSelector(vs.name(), vs.matchers(), offset, vs.at(), vs.pos()),
                    ms.rangeMs(), ms.pos());
        }
        if (e instanceof Expr.Subquery sq && sq.offsetMs() == 0) {
            return new Expr.Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), offset, sq.at(), sq.pos());
        }
        throw new ParseException(pos, e instanceof Expr.VectorSelector || e instanceof Expr.MatrixSelector
                || e instanceof Expr.Subquery ? "offset may not be set multiple times"
                : "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }

    private Expr withAt(Expr e, At at, int pos) {
        if (e instanceof Expr.VectorSelector vs && vs.at().kind() == AtKind.NONE) {
            return new Expr.VectorSelector(vs.name(), vs.matchers(), vs.offsetMs(), at, vs.pos());
        }
        if (e instanceof Expr.MatrixSelector ms && ms.selector().at().kind() == AtKind.NONE) {
            Expr.VectorSelector vs = ms.selector();
            return new Expr.MatrixSelector(new Expr.VectorSelector(vs.name(), vs.matchers(), vs.offsetMs(), at, vs.pos()),
                    ms.rangeMs(), ms.pos());
        }
        if (e instanceof Expr.Subquery sq && sq.at().kind() == AtKind.NONE) {
            return new Expr.Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), sq.offsetMs(), at, sq.pos());
        }
        throw new ParseException(pos, e instanceof Expr.VectorSelector || e instanceof Expr.MatrixSelector
                || e instanceof Expr.Subquery ? "@ <timestamp> may not be set multiple times"
                : "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }

    private At at(int exprStart) {
        Token t = peek();
        if (t.isKeyword("start") || t.isKeyword("end")) {
            take();
            expect(Kind.LPAREN, "\"(\"");
            expect(Kind.RPAREN, "\")\"");
            return new At(t.text().equalsIgnoreCase("start") ? AtKind.START : AtKind.END, 0);
        }
        boolean negative = false;
        if (peek().is(Kind.SUB) || peek().is(Kind.ADD)) {
            negative = take().is(Kind.SUB);
        }
        Token n = take();
        double v;
        if (n.is(Kind.NUMBER)) {
            v = number(n);
        } else {
            throw new ParseException(n.pos(), "unexpected " + describe(n) + " in @, expected timestamp");
        }
        v = negative ? -v : v;
        if (Double.isInfinite(v) || Double.isNaN(v) || v >= 0x1p63 || v <= -0x1p63) {
            throw new ParseException(exprStart, String.format(Locale.ROOT, "timestamp out of bounds for @ modifier: %f", v));
        }
        return new At(AtKind.TIME, Math.round(v * 1000));
    }

    private long signedDuration() {
        boolean negative = false;
        if (peek().is(Kind.SUB)) {
            take();
            negative = true;
        }
        long d = duration();
        return negative ? -d : d;
    }

    private long duration() {
        Token t = take();
        if (!t.is(Kind.DURATION)) {
            throw new ParseException(t.pos(), "unexpected " + describe(t) + ", expected duration");
        }
        long ms;
        try {
            ms = PromDuration.parse(t.text()).toMillis();
        } catch (PromDuration.OutOfRange e) {
            throw new ParseException(t.pos(), "duration out of range");
        }
        if (ms == 0) {
            throw new ParseException(t.pos(), "duration must be greater than 0");
        }
        return ms;
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER:
                take();
                return new Expr.NumberLiteral(number(t), t.pos());
            case STRING:
                take();
                return new Expr.StringLiteral(t.text(), t.pos());
            case LPAREN: {
                take();
                Expr inner = expr(0);
                expect(Kind.RPAREN, "\")\"");
                return new Expr.Paren(inner, t.pos());
            }
            case LBRACE:
                return selector(null, t.pos());
            case IDENT:
                return identifier();
            default:
                throw new ParseException(t.pos(), "unexpected " + describe(t));
        }
    }

    private Expr identifier() {
        Token t = take();
        String word = t.text();
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("nan")) {
            return new Expr.NumberLiteral(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN, t.pos());
        }
        if (AGGREGATORS.contains(lower) && (peek().is(Kind.LPAREN) || peek().isKeyword("by") || peek().isKeyword("without"))) {
            return aggregate(lower, t.pos());
        }
        if (peek().is(Kind.LPAREN)) {
            Functions.Signature f = Functions.get(word).orElseThrow(() ->
                    new ParseException(t.pos(), "unknown function with name \"" + word + "\""));
            return new Expr.Call(f, args(), t.pos());
        }
        if (isKeywordToken(lower)) {
            throw new ParseException(t.pos(), "unexpected " + describe(t));
        }
        return selector(word, t.pos());
    }

    private static boolean isKeywordToken(String w) {
        return SET_OPS.contains(w) || Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
                "offset", "atan2").contains(w) || AGGREGATORS.contains(w);
    }

    private List<Expr> args() {
        expect(Kind.LPAREN, "\"(\"");
        List<Expr> out = new ArrayList<>();
        if (peek().is(Kind.RPAREN)) {
            take();
            return out;
        }
        while (true) {
            out.add(expr(0));
            Token t = take();
            if (t.is(Kind.RPAREN)) {
                return out;
            }
            if (!t.is(Kind.COMMA)) {
                throw new ParseException(t.pos(), "unexpected " + describe(t) + " in argument list, expected \",\" or \")\"");
            }
            if (peek().is(Kind.RPAREN)) {
                take();
                return out;
            }
        }
    }

    private Expr aggregate(String op, int pos) {
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (peek().isKeyword("by") || peek().isKeyword("without")) {
            without = take().text().equalsIgnoreCase("without");
            grouping = labelList();
            grouped = true;
        }
        List<Expr> args = args();
        if (!grouped && (peek().isKeyword("by") || peek().isKeyword("without"))) {
            without = take().text().equalsIgnoreCase("without");
            grouping = labelList();
        }
        boolean hasParam = Set.of("topk", "bottomk", "quantile", "count_values").contains(op);
        int want = hasParam ? 2 : 1;
        if (args.size() != want) {
            throw new ParseException(pos, "wrong number of arguments for aggregate expression provided, expected "
                    + want + ", got " + args.size());
        }
        return new Expr.Aggregate(op, args.get(want - 1), hasParam ? args.get(0) : null, grouping, without, pos);
    }

    private List<String> labelList() {
        expect(Kind.LPAREN, "\"(\"");
        List<String> out = new ArrayList<>();
        while (!peek().is(Kind.RPAREN)) {
            Token l = take();
            if (!l.is(Kind.IDENT) || l.text().contains(":")) {
                throw new ParseException(l.pos(), "unexpected " + describe(l) + " in grouping opts, expected label");
            }
            out.add(l.text());
            if (peek().is(Kind.COMMA)) {
                take();
            } else if (!peek().is(Kind.RPAREN)) {
                throw new ParseException(peek().pos(), "unexpected " + describe(peek()) + " in grouping opts, expected \",\" or \")\"");
            }
        }
        take();
        return out;
    }

    private Expr selector(String name, int pos) {
        List<Matcher> matchers = new ArrayList<>();
        if (name != null) {
            matchers.add(Matcher.of("__name__", Matcher.Op.EQ, name));
        }
        if (peek().is(Kind.LBRACE)) {
            take();
            while (!peek().is(Kind.RBRACE)) {
                matchers.add(matcher());
                if (peek().is(Kind.COMMA)) {
                    take();
                } else if (!peek().is(Kind.RBRACE)) {
                    throw new ParseException(peek().pos(), "unexpected " + describe(peek()) + " in label matching, expected \",\" or \"}\"");
                }
            }
            take();
        }
        if (name != null && matchers.stream().skip(1).anyMatch(m -> m.name().equals("__name__"))) {
            throw new ParseException(pos, "metric name must not be set twice: \"" + name + "\"");
        }
        if (matchers.stream().allMatch(m -> m.matches(dev.vigil.label.Labels.empty()))) {
            throw new ParseException(pos, "vector selector must contain at least one non-empty matcher");
        }
        return new Expr.VectorSelector(name, List.copyOf(matchers), 0, At.NONE, pos);
    }

    private Matcher matcher() {
        Token l = take();
        if (!l.is(Kind.IDENT) || l.text().contains(":")) {
            throw new ParseException(l.pos(), "unexpected " + describe(l) + " in label matching, expected label");
        }
        Token op = take();
        Matcher.Op mop = switch (op.kind()) {
            case ASSIGN -> Matcher.Op.EQ;
            case NEQ -> Matcher.Op.NE;
            case EQL_REGEX -> Matcher.Op.RE;
            case NEQ_REGEX -> Matcher.Op.NRE;
            default -> throw new ParseException(op.pos(), "unexpected " + describe(op)
                    + " in label matching, expected one of \"=\", \"!=\", \"=~\", \"!~\"");
        };
        Token v = take();
        if (!v.is(Kind.STRING)) {
            throw new ParseException(v.pos(), "unexpected " + describe(v) + " in label matching, expected string");
        }
        try {
            return Matcher.of(l.text(), mop, v.text());
        } catch (dev.vigil.label.GoRegex.Invalid e) {
            throw new ParseException(l.pos(), e.getMessage()); // Go's words, at the label, as Prometheus reports it
        }
    }

    static double number(Token t) {
        String s = t.text();
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseLong(s.substring(2), 16);
            }
            if (s.length() > 1 && s.startsWith("0") && s.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(s, 8);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new ParseException(t.pos(), "bad number: \"" + s + "\"");
        }
    }
}
