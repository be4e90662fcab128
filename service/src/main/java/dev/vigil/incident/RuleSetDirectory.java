package dev.vigil.incident;

import dev.vigil.config.RuleSet;
import dev.vigil.escalation.Directory;
import dev.vigil.oncall.OverrideLookup;
import dev.vigil.oncall.ScheduleCalculator;
import dev.vigil.oncall.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Answers the planner's questions about people from the loaded rules and the stored overrides. */
final class RuleSetDirectory implements Directory {
    private final RuleSet rules;
    private final OverrideLookup overrides;

    RuleSetDirectory(RuleSet rules, OverrideLookup overrides) {
        this.rules = rules;
        this.overrides = overrides;
    }

    @Override
    public Optional<User> user(String id) {
        return rules.user(id);
    }

    @Override
    public List<User> onCall(String scheduleId, Instant at) {
        var schedule = rules.schedules().get(scheduleId);
        if (schedule == null) {
            return List.of();
        }
        List<dev.vigil.oncall.ScheduleOverride> now = overrides.overlapping(scheduleId, at, at.plusMillis(1));
        return ScheduleCalculator.onCallAt(schedule, now, at).stream().map(this::user).flatMap(Optional::stream).toList();
    }
}
