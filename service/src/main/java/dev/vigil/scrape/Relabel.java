package dev.vigil.scrape;

import dev.vigil.label.GoRegex;
import dev.vigil.label.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One step of Prometheus's relabeling ({@code relabel_configs}, {@code metric_relabel_configs}), checked and applied
 * as Prometheus 2.42's {@code model/relabel} does: the source labels' values joined by the separator, matched by the
 * fully anchored RE2 regex, then the action.
 */
public record Relabel(List<String> sourceLabels, String separator, GoRegex regex, long modulus, String targetLabel,
                      String replacement, Action action) {

    /** Prometheus's relabel actions, named in YAML in any case. */
    public enum Action {
        REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE;

        String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Action parse(String s) {
            for (Action a : values()) {
                if (a.yamlName().equals(s.toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown relabel action \"" + s + "\"");
        }
    }

    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Prometheus's {@code relabelTarget}: a label name in which {@code $1} / {@code ${name}} may stand. */
    private static final GoRegex TARGET = GoRegex.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

    /**
     * A step as written, with Prometheus's defaults where a key is absent ({@link #DEFAULT_SEPARATOR},
     * {@link #DEFAULT_REGEX}, {@link #DEFAULT_REPLACEMENT}, action replace); {@code sourceLabels} null when the key
     * is absent, {@code regexGiven} whether {@code regex} was written at all. Throws IllegalArgumentException with
     * Prometheus's message for what Prometheus refuses.
     */
    public static Relabel of(List<String> sourceLabels, String separator, boolean regexGiven, String regex,
                             long modulus, String targetLabel, String replacement, String action) {
        Action a = Action.parse(action);
        if (sourceLabels != null) {
            for (String name : sourceLabels) {
                if (!LABEL_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("\"" + name + "\" is not a valid label name");
                }
            }
        }
        String sep = separator;
        String re = regex == null ? "" : regex;
        long mod = modulus;
        String target = targetLabel;
        String repl = replacement;
        GoRegex compiled = GoRegex.anchored(re); // Invalid carries Go's "error parsing regexp: ..."
        String act = a.yamlName();
        if (mod == 0 && a == Action.HASHMOD) {
            throw new IllegalArgumentException("relabel configuration for hashmod requires non-zero modulus");
        }
        boolean needsTarget = switch (a) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (needsTarget && target.isEmpty()) {
            throw new IllegalArgumentException("relabel configuration for " + act
                    + " action requires 'target_label' value");
        }
        boolean plainTarget = a == Action.LOWERCASE || a == Action.UPPERCASE || a == Action.KEEPEQUAL
                || a == Action.DROPEQUAL || a == Action.HASHMOD;
        if (a == Action.REPLACE && !TARGET.find(target) || plainTarget && !LABEL_NAME.matcher(target).matches()) {
            throw new IllegalArgumentException("\"" + target + "\" is invalid 'target_label' for " + act + " action");
        }
        boolean equalAction = a == Action.KEEPEQUAL || a == Action.DROPEQUAL;
        if ((a == Action.LOWERCASE || a == Action.UPPERCASE || equalAction) && !repl.equals(DEFAULT_REPLACEMENT)) {
            throw new IllegalArgumentException("'replacement' can not be set for " + act + " action");
        }
        if (a == Action.LABELMAP && !TARGET.find(repl)) {
            throw new IllegalArgumentException("\"" + repl + "\" is invalid 'replacement' for " + act + " action");
        }
        if (equalAction && (regexGiven || mod != 0 || !sep.equals(DEFAULT_SEPARATOR))) {
            throw new IllegalArgumentException(act + " action requires only 'source_labels' and `target_label`, "
                    + "and no other fields");
        }
        if ((a == Action.LABELDROP || a == Action.LABELKEEP) && (sourceLabels != null || !target.isEmpty()
                || mod != 0 || !sep.equals(DEFAULT_SEPARATOR) || !repl.equals(DEFAULT_REPLACEMENT))) {
            throw new IllegalArgumentException(act + " action requires only 'regex', and no other fields");
        }
        return new Relabel(sourceLabels == null ? List.of() : List.copyOf(sourceLabels), sep, compiled, mod, target,
                repl, a);
    }

    /** The labels after every step in order; empty when a step drops them (or none are left). */
    public static Optional<Labels> process(Labels labels, List<Relabel> steps) {
        Labels out = labels;
        for (Relabel step : steps) {
            Optional<Labels> next = step.apply(out);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            out = next.get();
        }
        return out.size() == 0 ? Optional.empty() : Optional.of(out);
    }

    /** This step on {@code labels}: empty when it drops them. */
    Optional<Labels> apply(Labels labels) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < sourceLabels.size(); i++) {
            if (i > 0) {
                joined.append(separator);
            }
            joined.append(labels.get(sourceLabels.get(i)));
        }
        String val = joined.toString();
        Labels out = labels;
        switch (action) {
            case DROP -> {
                if (regex.matchesWhole(val)) {
                    return Optional.empty();
                }
            }
            case KEEP -> {
                if (!regex.matchesWhole(val)) {
                    return Optional.empty();
                }
            }
            case DROPEQUAL -> {
                if (labels.get(targetLabel).equals(val)) {
                    return Optional.empty();
                }
            }
            case KEEPEQUAL -> {
                if (!labels.get(targetLabel).equals(val)) {
                    return Optional.empty();
                }
            }
            case REPLACE -> {
                Optional<String> target = regex.expandWhole(val, targetLabel);
                if (target.isPresent() && LABEL_NAME.matcher(target.get()).matches()) {
                    // An empty result deletes the label, as Prometheus's builder does.
                    out = out.with(target.get(), regex.expandWhole(val, replacement).orElse(""));
                }
            }
            case LOWERCASE -> out = out.with(targetLabel, val.toLowerCase(Locale.ROOT));
            case UPPERCASE -> out = out.with(targetLabel, val.toUpperCase(Locale.ROOT));
            case HASHMOD -> out = out.with(targetLabel, Long.toUnsignedString(Long.remainderUnsigned(md5Tail(val),
                    modulus)));
            case LABELMAP -> {
                for (Map.Entry<String, String> l : labels.asMap().entrySet()) {
                    if (regex.matchesWhole(l.getKey())) {
                        out = out.with(regex.replaceAll(l.getKey(), replacement), l.getValue());
                    }
                }
            }
            case LABELDROP, LABELKEEP -> {
                for (String name : labels.asMap().keySet()) {
                    if (regex.matchesWhole(name) == (action == Action.LABELDROP)) {
                        out = out.with(name, "");
                    }
                }
            }
        }
        return Optional.of(out);
    }

    /** The last 8 bytes of the MD5 of {@code s}, big-endian: Prometheus's hashmod. */
    static long md5Tail(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 8; i < 16; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
