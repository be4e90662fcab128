package dev.vigil.label;

import java.util.Objects;
import java.util.regex.Pattern;

/** One label matcher as Prometheus and Alertmanager write it: {@code name="v"}, {@code !=}, {@code =~}, {@code !~}. */
public record Matcher(String name, Op op, String value, Pattern pattern) {

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

    /** Builds a matcher; a regex is fully anchored, as in Prometheus. */
    public static Matcher of(String name, Op op, String value) {
        Pattern p = (op == Op.RE || op == Op.NRE) ? Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL) : null;
        return new Matcher(name, op, value, p);
    }

    /** Whether the label set satisfies this matcher; a missing label has the value "". */
    public boolean matches(Labels labels) {
        String v = labels.get(name);
        return switch (op) {
            case EQ -> v.equals(value);
            case NE -> !v.equals(value);
            case RE -> pattern.matcher(v).matches();
            case NRE -> !pattern.matcher(v).matches();
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
