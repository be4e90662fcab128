package dev.vigil.promql;

import dev.vigil.label.Matcher;
import java.util.List;

/** Where the evaluator reads series from. */
public interface Queryable {
    /** Every series matching all {@code matchers}, with its points in {@code [mint, maxt]} (stale markers included). */
    List<Value.Series> select(List<Matcher> matchers, long mint, long maxt);

    /**
     * Every series matching all {@code matchers} that has a point in {@code [mint, maxt]}, with only its latest such
     * point (a stale marker included): what an instant vector selector reads.
     */
    default List<Value.Series> latest(List<Matcher> matchers, long mint, long maxt) {
        List<Value.Series> out = new java.util.ArrayList<>();
        for (Value.Series s : select(matchers, mint, maxt)) {
            out.add(new Value.Series(s.labels(), List.of(s.points().get(s.points().size() - 1))));
        }
        return out;
    }
}
