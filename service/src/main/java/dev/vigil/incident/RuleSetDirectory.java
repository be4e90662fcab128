package dev.vigil.incident;

import dev.vigil.config.RuleSet;
import dev.vigil.escalation.Directory;
import dev.vigil.oncall.ScheduleCalculator;
import dev.vigil.oncall.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Answers the planner's questions about people from the loaded rules. */
final class RuleSetDirectory implements Directory {
    private final RuleSet rules;

    RuleSetDirectory(RuleSet rules) {
        this.rules = rules;
    }

    @Override
    public Optional<User> user(String id) {
        return Optional.ofNullable(rules.users().get(id));
    }

    @Override
    public List<User> onCall(String scheduleId, Instant at) {
        var schedule = rules.schedules().get(scheduleId);
        if (schedule == null) {
            return List.of();
        }
        return ScheduleCalculator.onCallAt(schedule, at).stream().map(this::user).flatMap(Optional::stream).toList();
    }
}
