package dev.vigil.promql;

import dev.vigil.label.Labels;
import java.util.List;

/** What a PromQL expression evaluates to: a scalar, an instant vector, a range vector or a string. */
public sealed interface Value {

    /** A number at the evaluation time. */
    record Scalar(double value) implements Value {
    }

    /** A string (only from a string literal). */
    record Str(String value) implements Value {
    }

    /** One element of an instant vector; {@code t} is the sample's own time when it comes from a selector. */
    record Sample(Labels labels, double value, long t) {
    }

    /** An instant vector. */
    record Vector(List<Sample> samples) implements Value {
    }

    /** A point of a series. */
    record Point(long t, double value) {
    }

    /** One series of a range vector. */
    record Series(Labels labels, List<Point> points) {
    }

    /** A range vector. */
    record Matrix(List<Series> series) implements Value {
    }
}
