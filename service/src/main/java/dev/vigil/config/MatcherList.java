package dev.vigil.config;

import dev.vigil.label.Matcher;
import dev.vigil.label.MatcherParser;
import java.util.ArrayList;
import java.util.List;

/** A list of matchers in Alertmanager's syntax under one key ({@code matchers}, {@code source_matchers}, ...). */
final class MatcherList {
    private MatcherList() {
    }

    /** The matchers under {@code key}; each that does not parse is reported at its position and left out. */
    static List<Matcher> read(YamlMap m, String key) {
        List<Matcher> out = new ArrayList<>();
        for (YamlValue mv : m.list(key)) {
            mv.text().ifPresent(t -> {
                try {
                    out.add(MatcherParser.parse(t));
                } catch (IllegalArgumentException e) {
                    mv.error(e.getMessage());
                }
            });
        }
        return out;
    }
}
