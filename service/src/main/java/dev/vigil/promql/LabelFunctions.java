package dev.vigil.promql;

import dev.vigil.label.Labels;
import dev.vigil.promql.Value.Sample;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** label_replace and label_join, with Go's regexp template expansion ({@code $1}, {@code ${name}}, {@code $$}). */
final class LabelFunctions {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private LabelFunctions() {
    }

    /** args: dst, replacement, src, regex. */
    static Vector replace(Vector in, List<String> args) {
        String dst = args.get(0);
        String replacement = args.get(1);
        String src = args.get(2);
        dev.vigil.label.GoRegex regex;
        try {
            regex = dev.vigil.label.GoRegex.anchored(args.get(3));
        } catch (dev.vigil.label.GoRegex.Invalid e) {
            throw new EvalException("invalid regular expression in label_replace(): " + args.get(3));
        }
        if (!LABEL_NAME.matcher(dst).matches()) {
            throw new EvalException("invalid destination label name in label_replace(): " + dst);
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : in.samples()) {
            Labels labels = s.labels();
            java.util.Optional<String> replaced = regex.expandWhole(s.labels().get(src), replacement);
            if (replaced.isPresent()) {
                labels = labels.with(dst, replaced.get());
            }
            out.add(new Sample(labels, s.value(), s.t()));
        }
        return new Vector(out);
    }

    /** args: dst, separator, src... */
    static Vector join(Vector in, List<String> args) {
        String dst = args.get(0);
        String sep = args.get(1);
        if (!LABEL_NAME.matcher(dst).matches()) {
            throw new EvalException("invalid destination label name in label_join(): " + dst);
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : in.samples()) {
            List<String> values = new ArrayList<>();
            for (String src : args.subList(2, args.size())) {
                values.add(s.labels().get(src));
            }
            out.add(new Sample(s.labels().with(dst, String.join(sep, values)), s.value(), s.t()));
        }
        return new Vector(out);
    }
}
