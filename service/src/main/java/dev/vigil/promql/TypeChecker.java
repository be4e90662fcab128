package dev.vigil.promql;

import java.util.Set;

/** Computes each node's type and rejects what Prometheus's parser rejects, with the node's position. */
final class TypeChecker {
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> SET_OPS = Set.of("and", "or", "unless");

    private TypeChecker() {
    }

    static ValueType check(Expr e) {
        if (e instanceof Expr.NumberLiteral) {
            return ValueType.SCALAR;
        }
        if (e instanceof Expr.StringLiteral) {
            return ValueType.STRING;
        }
        if (e instanceof Expr.VectorSelector) {
            return ValueType.VECTOR;
        }
        if (e instanceof Expr.MatrixSelector) {
            return ValueType.MATRIX;
        }
        if (e instanceof Expr.Paren p) {
            return check(p.expr());
        }
        if (e instanceof Expr.Subquery s) {
            expect(s.expr(), ValueType.VECTOR, "subquery is only allowed on instant vector");
            return ValueType.MATRIX;
        }
        if (e instanceof Expr.Unary u) {
            ValueType t = check(u.expr());
            if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
                throw new ParseException(u.pos(), "unary expression only allowed on expressions of type scalar or instant vector, got \"" + t + "\"");
            }
            return t;
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        if (e instanceof Expr.Aggregate a) {
            return aggregate(a);
        }
        return binary((Expr.Binary) e);
    }

    /** Where an expression starts, as Prometheus's PositionRange().Start: a binary one at its left operand. */
    static int start(Expr e) {
        if (e instanceof Expr.Binary b) {
            return start(b.lhs());
        }
        if (e instanceof Expr.Subquery s) {
            return start(s.expr());
        }
        if (e instanceof Expr.MatrixSelector m) {
            return m.selector().pos();
        }
        return e.pos();
    }

    private static void expect(Expr e, ValueType want, String message) {
        ValueType got = check(e);
        if (got != want) {
            throw new ParseException(start(e), message + ", got " + got); // Prometheus: DocumentedType, unquoted
        }
    }

    private static ValueType call(Expr.Call c) {
        Functions.Signature f = c.function();
        int n = c.args().size();
        if (n < f.minArgs() || n > f.maxArgs()) {
            throw new ParseException(c.pos(), "expected " + (f.minArgs() == f.maxArgs() ? String.valueOf(f.minArgs())
                    : "at least " + f.minArgs()) + " argument(s) in call to \"" + f.name() + "\", got " + n);
        }
        for (int k = 0; k < n; k++) {
            ValueType want = f.args().get(Math.min(k, f.args().size() - 1));
            Expr arg = c.args().get(k);
            ValueType got = check(arg);
            if (got != want) {
                throw new ParseException(start(arg), "expected type " + want + " in call to function \"" + f.name()
                        + "\", got " + got);
            }
        }
        return f.returns();
    }

    private static ValueType aggregate(Expr.Aggregate a) {
        expect(a.expr(), ValueType.VECTOR, "expected type instant vector in aggregation expression");
        if (a.param() != null) {
            ValueType want = a.op().equals("count_values") ? ValueType.STRING : ValueType.SCALAR;
            expect(a.param(), want, "expected type " + want + " in aggregation parameter");
        }
        return ValueType.VECTOR;
    }

    private static ValueType binary(Expr.Binary b) {
        ValueType l = check(b.lhs());
        ValueType r = check(b.rhs());
        boolean comparison = COMPARISONS.contains(b.op());
        if (b.returnBool() && !comparison) {
            throw new ParseException(b.pos(), "bool modifier can only be used on comparison operators");
        }
        if (comparison && l == ValueType.SCALAR && r == ValueType.SCALAR && !b.returnBool()) {
            throw new ParseException(b.pos(), "comparisons between scalars must use BOOL modifier");
        }
        for (Expr side : new Expr[] {b.lhs(), b.rhs()}) {
            ValueType t = side == b.lhs() ? l : r;
            if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
                throw new ParseException(start(side), "binary expression must contain only scalar and instant vector types");
            }
        }
        boolean bothVectors = l == ValueType.VECTOR && r == ValueType.VECTOR;
        Expr.VectorMatching m = b.matching();
        boolean explicitMatching = m != null && (m.on() || !m.labels().isEmpty()
                || m.cardinality() == Expr.Cardinality.MANY_TO_ONE || m.cardinality() == Expr.Cardinality.ONE_TO_MANY);
        if (!bothVectors && explicitMatching) {
            throw new ParseException(start(b), "vector matching only allowed between instant vectors");
        }
        if (SET_OPS.contains(b.op())) {
            if (!bothVectors) {
                throw new ParseException(start(b), "set operator \"" + b.op() + "\" not allowed in binary scalar expression");
            }
            if (m.cardinality() == Expr.Cardinality.MANY_TO_ONE || m.cardinality() == Expr.Cardinality.ONE_TO_MANY) {
                throw new ParseException(start(b), "no grouping allowed for \"" + b.op() + "\" operation");
            }
        }
        if (m != null && m.on() && !m.include().isEmpty()) {
            for (String l2 : m.include()) {
                if (m.labels().contains(l2)) {
                    throw new ParseException(b.pos(), "label \"" + l2 + "\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        return bothVectors || l == ValueType.VECTOR || r == ValueType.VECTOR ? ValueType.VECTOR : ValueType.SCALAR;
    }
}
