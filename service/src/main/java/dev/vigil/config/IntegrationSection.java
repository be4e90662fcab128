package dev.vigil.config;

import dev.vigil.pagerduty.Integration;
import java.util.List;
import java.util.Set;

/** Reads {@code integrations:}: PagerDuty Events API v2 integration keys, each paging one team. */
final class IntegrationSection {
    private static final Set<String> KEYS = Set.of("name", "key_env", "key", "team");
    private final Declarations declarations;

    IntegrationSection(Declarations declarations) {
        this.declarations = declarations;
    }

    void integrations(YamlValue v, List<Integration> into) {
        for (YamlValue item : v.list()) {
            item.map(KEYS).ifPresent(m -> {
                String keyEnv = m.text("key_env").orElse("");
                String key = m.text("key").orElse("");
                if (keyEnv.isEmpty() == key.isEmpty()) {
                    m.self().error("an integration needs key_env (the environment variable holding its key) or key, "
                            + "not both");
                }
                m.get("key").ifPresent(k -> k.warning("the key is in rules/: anyone who can read the repository can "
                        + "page through it (expected: key_env)"));
                String team = m.requiredText("team").orElse("");
                m.get("team").ifPresent(t -> declarations.refer("team", team, t));
                String name = m.text("name").orElse(keyEnv.isEmpty() ? "integration " + (into.size() + 1) : keyEnv);
                into.add(new Integration(name, keyEnv, key, team));
            });
        }
    }
}
