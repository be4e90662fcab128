package dev.vigil.rule;

import dev.vigil.promql.Expr;
import java.time.Duration;
import java.util.Map;

/** A rule of a Prometheus rule file: an alerting rule or a recording rule. */
public sealed interface Rule {
    String name();

    Expr expr();

    String exprText();

    /** {@code alert:} with its {@code for}, {@code keep_firing_for}, labels and annotations (templates). */
    record Alerting(String name, Expr expr, String exprText, Duration forDuration, Duration keepFiringFor,
                    Map<String, String> labels, Map<String, String> annotations) implements Rule {
        public Alerting {
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
        }
    }

    /** {@code record:} writes its result back as series named {@code name}. */
    record Recording(String name, Expr expr, String exprText, Map<String, String> labels) implements Rule {
        public Recording {
            labels = Map.copyOf(labels);
        }
    }
}
