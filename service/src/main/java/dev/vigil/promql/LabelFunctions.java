package dev.vigil.promql;

import dev.vigil.label.Labels;
import dev.vigil.promql.Value.Sample;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
        Pattern regex;
        try {
            regex = Pattern.compile("^(?:" + args.get(3).replace("(?P<", "(?<") + ")$", Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new EvalException("invalid regular expression in label_replace(): " + args.get(3));
        }
        if (!LABEL_NAME.matcher(dst).matches()) {
            throw new EvalException("invalid destination label name in label_replace(): " + dst);
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : in.samples()) {
            Matcher m = regex.matcher(s.labels().get(src));
            Labels labels = s.labels();
            if (m.matches()) {
                labels = labels.with(dst, expand(replacement, m));
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

    /** Go's Regexp.ExpandString: {@code $name} takes the longest run of word characters as the name. */
    static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (n == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0 || !LABEL_NAME_OR_NUMBER.matcher(template.substring(i + 2, close)).matches()) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                end = i + 1;
                while (end < template.length() && isWord(template.charAt(end))) {
                    end++;
                }
                if (end == i + 1) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 1, end);
            }
            out.append(group(m, name));
            i = end;
        }
        return out.toString();
    }

    private static final Pattern LABEL_NAME_OR_NUMBER = Pattern.compile("[a-zA-Z0-9_]+");

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String group(Matcher m, String name) {
        try {
            if (name.chars().allMatch(Character::isDigit)) {
                int g = Integer.parseInt(name);
                return g <= m.groupCount() && m.group(g) != null ? m.group(g) : "";
            }
            String v = m.group(name);
            return v == null ? "" : v;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return "";
        }
    }
}
