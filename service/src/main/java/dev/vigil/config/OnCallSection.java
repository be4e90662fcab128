package dev.vigil.config;

import dev.vigil.escalation.EscalationPolicy;
import dev.vigil.escalation.EscalationStep;
import dev.vigil.escalation.Target;
import dev.vigil.oncall.Team;
import dev.vigil.oncall.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code users:}, {@code teams:} and {@code escalation_policies:} (SPEC §3.4). */
final class OnCallSection {
    private static final Set<String> USER_KEYS = Set.of("id", "name", "slack_id", "email");
    private static final Set<String> TEAM_KEYS = Set.of("id", "name", "slack_channel", "escalation_policy",
            "handoff_notices");
    private static final Set<String> POLICY_KEYS = Set.of("id", "repeat", "steps");
    private static final Set<String> STEP_KEYS = Set.of("targets", "escalate_after");

    private final Declarations declarations;

    OnCallSection(Declarations declarations) {
        this.declarations = declarations;
    }

    void users(YamlValue list, Map<String, User> out) {
        for (YamlValue item : list.list()) {
            item.map(USER_KEYS).ifPresent(m -> m.requiredText("id").ifPresent(id -> {
                if (declarations.define("user", id, m.get("id").orElseThrow())) {
                    out.put(id, new User(id, m.text("name").orElse(id), m.text("slack_id").orElse(""),
                            m.text("email").orElse("")));
                }
            }));
        }
    }

    void teams(YamlValue list, Map<String, Team> out) {
        for (YamlValue item : list.list()) {
            item.map(TEAM_KEYS).ifPresent(m -> m.requiredText("id").ifPresent(id -> {
                Optional<String> policy = m.requiredText("escalation_policy");
                policy.ifPresent(p -> declarations.refer("escalation_policy", p, m.get("escalation_policy").orElseThrow()));
                String channel = m.text("slack_channel").orElse("");
                if (channel.isEmpty()) {
                    m.self().warning("team \"" + id + "\" has no slack_channel: its incidents are posted nowhere");
                }
                if (declarations.define("team", id, m.get("id").orElseThrow())) {
                    out.put(id, new Team(id, m.text("name").orElse(id), channel, policy.orElse(""),
                            m.bool("handoff_notices", true)));
                }
            }));
        }
    }

    void policies(YamlValue list, Map<String, EscalationPolicy> out) {
        for (YamlValue item : list.list()) {
            item.map(POLICY_KEYS).ifPresent(m -> m.requiredText("id").ifPresent(id -> {
                int repeat = m.get("repeat").flatMap(YamlValue::integer).orElse(0);
                if (repeat < 0) {
                    m.get("repeat").orElseThrow().error(repeat + " (expected: 0 or more)");
                    repeat = 0;
                }
                List<EscalationStep> steps = new ArrayList<>();
                m.required("steps").ifPresent(s -> {
                    for (YamlValue stepValue : s.list()) {
                        stepValue.map(STEP_KEYS).flatMap(this::step).ifPresent(steps::add);
                    }
                    if (s.list().isEmpty()) {
                        s.error("an escalation policy needs at least one step");
                    }
                });
                if (declarations.define("escalation_policy", id, m.get("id").orElseThrow()) && !steps.isEmpty()) {
                    out.put(id, new EscalationPolicy(id, repeat, steps));
                }
            }));
        }
    }

    private Optional<EscalationStep> step(YamlMap m) {
        List<Target> targets = new ArrayList<>();
        m.required("targets").ifPresent(t -> {
            for (YamlValue v : t.list()) {
                v.text().ifPresent(text -> target(text, v).ifPresent(targets::add));
            }
            if (t.list().isEmpty()) {
                t.error("a step needs at least one target");
            }
        });
        Duration after = m.duration("escalate_after").orElse(Duration.ZERO);
        if (after.isZero() && m.get("escalate_after").isEmpty()) {
            m.self().error("missing required key \"escalate_after\"");
        }
        return targets.isEmpty() ? Optional.empty() : Optional.of(new EscalationStep(targets, after));
    }

    private Optional<Target> target(String text, YamlValue at) {
        try {
            Target t = Target.parse(text);
            if (t instanceof Target.UserTarget u) {
                declarations.refer("user", u.userId(), at);
            } else if (t instanceof Target.ScheduleTarget s) {
                declarations.refer("schedule", s.scheduleId(), at);
            }
            return Optional.of(t);
        } catch (IllegalArgumentException e) {
            at.error(e.getMessage());
            return Optional.empty();
        }
    }
}
