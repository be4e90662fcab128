package dev.vigil.rule;

/** An alert instance's state, as Prometheus names them. */
public enum AlertState {
    INACTIVE, PENDING, FIRING;

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
