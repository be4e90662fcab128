package dev.vigil.label;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Optional;

/**
 * A regular expression with Go's (RE2's) syntax and semantics, through RE2/J, as Prometheus and Alertmanager use
 * them: in matchers ({@code =~}, {@code !~}, fully anchored, {@code .} not matching a newline), in
 * {@code label_replace}, and in the template functions {@code match} and {@code reReplaceAll}, with Go's
 * {@code $1} / {@code ${name}} expansion. Java's own engine differs (its {@code \z}, possessive quantifiers,
 * {@code {} handling, Unicode classes), so it is used for none of these.
 */
public final class GoRegex {
    private final Pattern pattern;

    private GoRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /** Thrown for a pattern Go does not accept; the message is Go's ({@code error parsing regexp: ...}). */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    /** Compiles {@code regex} as Go's {@code regexp.Compile} does. */
    public static GoRegex compile(String regex) {
        try {
            return new GoRegex(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new Invalid(e.getMessage());
        }
    }

    /** Compiles {@code regex} anchored at both ends, as Prometheus and Alertmanager compile a matcher's value. */
    public static GoRegex anchored(String regex) {
        return compile("^(?:" + regex + ")$");
    }

    /** Whether the whole of {@code s} matches (for an anchored expression: whether it matches at all). */
    public boolean matchesWhole(String s) {
        return pattern.matcher(s).matches();
    }

    /** Whether a part of {@code s} matches: Go's {@code MatchString}. */
    public boolean find(String s) {
        return pattern.matcher(s).find();
    }

    /**
     * When the expression matches the whole of {@code s}, {@code template} with Go's {@code Expand}: {@code $1},
     * {@code ${1}}, {@code $name}, {@code ${name}} (a name is the longest run of letters, digits and underscores;
     * an unknown group is ""), {@code $$} a dollar; what {@code label_replace} writes.
     */
    public Optional<String> expandWhole(String s, String template) {
        Matcher m = pattern.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        expand(out, template, m);
        return Optional.of(out.toString());
    }

    /** Go's {@code ReplaceAllString}: every match replaced by {@code template} expanded, empty matches as Go does. */
    public String replaceAll(String src, String template) {
        Matcher m = pattern.matcher(src);
        StringBuilder out = new StringBuilder();
        int lastEnd = 0;
        int search = 0;
        while (search <= src.length() && m.find(search)) {
            out.append(src, lastEnd, m.start());
            if (m.end() > lastEnd || m.start() == 0) {
                expand(out, template, m);
            }
            lastEnd = m.end();
            int width = search < src.length() ? Character.charCount(src.codePointAt(search)) : 1;
            if (search + width > m.end()) {
                search += width;
            } else if (search + 1 > m.end()) {
                search++;
            } else {
                search = m.end();
            }
        }
        out.append(src, Math.min(lastEnd, src.length()), src.length());
        return out.toString();
    }

    private void expand(StringBuilder out, String template, Matcher m) {
        int i = 0;
        while (i < template.length()) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                out.append(template, i, template.length());
                return;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            boolean brace = i < template.length() && template.charAt(i) == '{';
            int start = brace ? i + 1 : i;
            int end = start;
            while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end))
                    || template.charAt(end) == '_')) {
                end++;
            }
            if (end == start || (brace && (end >= template.length() || template.charAt(end) != '}'))) {
                out.append('$'); // malformed: the dollar is text
                continue;
            }
            String name = template.substring(start, end);
            i = brace ? end + 1 : end;
            String value = group(m, name);
            if (value != null) {
                out.append(value);
            }
        }
    }

    /** The group a name means: digits are a number (Go stops at 1e8), other names named groups; null when none. */
    private String group(Matcher m, String name) {
        long num = 0;
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c < '0' || c > '9' || num >= 100_000_000) {
                num = -1;
                break;
            }
            num = num * 10 + (c - '0');
        }
        if (num >= 0) {
            return num <= m.groupCount() ? m.group((int) num) : null;
        }
        return pattern.namedGroups().containsKey(name) ? m.group(name) : null;
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
