package dev.vigil.label;

import java.util.Objects;

/** One label matcher as Prometheus and Alertmanager write it: {@code name="v"}, {@code !=}, {@code =~}, {@code !~}. */
public record Matcher(String name, Op op, String value, GoRegex pattern) {

    /** The four matching operators. */
    public enum Op {
        EQ("="), NE("!="), RE("=~"), NRE("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public Matcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Builds a matcher; a regex has Go's syntax and is fully anchored, as in Prometheus 2.42 and Alertmanager 0.25
     * ({@code .} does not match a newline). Throws {@link GoRegex.Invalid} with Go's message for a bad one.
     */
    public static Matcher of(String name, Op op, String value) {
        GoRegex p = (op == Op.RE || op == Op.NRE) ? GoRegex.anchored(value) : null;
        return new Matcher(name, op, value, p);
    }

    /** Whether the label set satisfies this matcher; a missing label has the value "". */
    public boolean matches(Labels labels) {
        String v = labels.get(name);
        return switch (op) {
            case EQ -> v.equals(value);
            case NE -> !v.equals(value);
            case RE -> pattern.matchesWhole(v);
            case NRE -> !pattern.matchesWhole(v);
        };
    }

    @Override
    public String toString() {
        return name + op.symbol() + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.op == op && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }
}
