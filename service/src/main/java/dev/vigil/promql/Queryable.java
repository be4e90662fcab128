package dev.vigil.promql;

import dev.vigil.label.Matcher;
import java.util.List;

/** Where the evaluator reads series from. */
public interface Queryable {
    /** Every series matching all {@code matchers}, with its points in {@code [mint, maxt]} (stale markers included). */
    List<Value.Series> select(List<Matcher> matchers, long mint, long maxt);
}
