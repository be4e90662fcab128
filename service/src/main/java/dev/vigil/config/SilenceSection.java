package dev.vigil.config;

import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import dev.vigil.silence.Silence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads {@code silences:}, silences declared for planned maintenance: {@code matchers}, {@code starts_at},
 * {@code ends_at}, {@code comment} and optionally {@code created_by} (default: the file). Each gets an id made from what it says, so a
 * reload that leaves it unchanged keeps its id.
 */
final class SilenceSection {
    private static final Set<String> KEYS = Set.of("matchers", "starts_at", "ends_at", "comment", "created_by");

    private SilenceSection() {
    }

    static void silences(YamlValue v, List<Silence> into) {
        List<YamlValue> items = v.list();
        for (int n = 0; n < items.size(); n++) {
            YamlValue item = items.get(n);
            item.map(KEYS).ifPresent(m -> {
                List<Matcher> matchers = MatcherList.read(m, "matchers");
                if (m.get("matchers").isEmpty()) {
                    m.self().error("a silence needs matchers (the alerts it mutes), e.g. ['service=\"billing\"']");
                } else if (!matchers.isEmpty() && matchers.stream().allMatch(x -> x.matches(Labels.empty()))) {
                    m.get("matchers").get().error("at least one matcher must not match the empty string");
                }
                Optional<Instant> starts = instant(m, "starts_at");
                Optional<Instant> ends = instant(m, "ends_at");
                if (starts.isPresent() && ends.isPresent() && !starts.get().isBefore(ends.get())) {
                    m.get("ends_at").get().error("must be after starts_at (" + starts.get() + ")");
                }
                if (starts.isEmpty() || ends.isEmpty() || matchers.isEmpty()) {
                    return;
                }
                String comment = m.text("comment").orElse("");
                String by = m.text("created_by").orElse(item.file());
                String id = "rules-" + UUID.nameUUIDFromBytes((item.file() + "\n" + matchers + "\n" + starts.get() + "\n"
                        + ends.get() + "\n" + comment).getBytes(StandardCharsets.UTF_8));
                into.add(new Silence(id, matchers, starts.get(), ends.get(), by, comment, starts.get()));
            });
        }
    }

    private static Optional<Instant> instant(YamlMap m, String key) {
        Optional<YamlValue> v = m.required(key);
        return v.flatMap(YamlValue::text).flatMap(t -> {
            try {
                return Optional.of(OffsetDateTime.parse(t).toInstant());
            } catch (DateTimeParseException e) {
                v.get().error("\"" + t + "\" is not a time (expected: RFC 3339, e.g. 2026-12-05T22:00:00Z)");
                return Optional.empty();
            }
        });
    }
}
