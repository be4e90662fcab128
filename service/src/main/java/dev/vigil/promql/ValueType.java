package dev.vigil.promql;

/** The four PromQL value types. */
public enum ValueType {
    SCALAR("scalar"), VECTOR("instant vector"), MATRIX("range vector"), STRING("string");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    @Override
    public String toString() {
        return description;
    }
}
