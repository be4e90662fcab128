package dev.vigil.alert;

/** The entry to the pipeline: every alert source hands its alerts here. */
public interface AlertSink {
    void receive(Alert alert);
}
