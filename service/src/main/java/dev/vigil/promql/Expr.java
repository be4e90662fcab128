package dev.vigil.promql;

import dev.vigil.label.Matcher;
import java.util.List;

/** A parsed PromQL expression. Every node knows where it starts in the text, for error messages. */
public sealed interface Expr {
    int pos();

    /** A number: {@code 1}, {@code 0x1f}, {@code 1e3}, {@code Inf}, {@code NaN}. */
    record NumberLiteral(double value, int pos) implements Expr {
    }

    /** A string: only as a function argument or a whole expression. */
    record StringLiteral(String value, int pos) implements Expr {
    }

    /** {@code @} modifier: none, a fixed time in ms, or the query's start or end. */
    enum AtKind { NONE, TIME, START, END }

    /** Where an {@code @} modifier pins evaluation. */
    record At(AtKind kind, long timeMs) {
        static final At NONE = new At(AtKind.NONE, 0);
    }

    /** {@code name{matchers} offset d @ t}; the name, when given, is among the matchers as {@code __name__}. */
    record VectorSelector(String name, List<Matcher> matchers, long offsetMs, At at, int pos) implements Expr {
    }

    /** {@code selector[range]}. */
    record MatrixSelector(VectorSelector selector, long rangeMs, int pos) implements Expr {
    }

    /** {@code expr[range:step] offset d @ t}; a step of 0 means the default evaluation interval. */
    record Subquery(Expr expr, long rangeMs, long stepMs, long offsetMs, At at, int pos) implements Expr {
    }

    /** A function call. */
    record Call(Functions.Signature function, List<Expr> args, int pos) implements Expr {
    }

    /** {@code op by|without (labels) ([param,] expr)}. */
    record Aggregate(String op, Expr expr, Expr param, List<String> grouping, boolean without, int pos)
            implements Expr {
    }

    /** How a binary operation between two vectors matches their elements. */
    record VectorMatching(Cardinality cardinality, List<String> labels, boolean on, List<String> include) {
        static final VectorMatching DEFAULT = new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
    }

    /** Which side may have many elements per match. */
    enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }

    /** {@code lhs op rhs}; {@code matching} is null unless both sides are vectors. */
    record Binary(String op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, int pos) implements Expr {
    }

    /** {@code -expr} or {@code +expr}. */
    record Unary(String op, Expr expr, int pos) implements Expr {
    }

    /** {@code (expr)}. */
    record Paren(Expr expr, int pos) implements Expr {
    }
}
