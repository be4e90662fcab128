package dev.vigil.handoff;

import dev.vigil.config.RuleSet;
import dev.vigil.escalation.EscalationPolicy;
import dev.vigil.escalation.Target;
import dev.vigil.notify.OutboxMessage;
import dev.vigil.notify.TeamNotice;
import dev.vigil.oncall.OverrideLookup;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.ScheduleCalculator;
import dev.vigil.oncall.ScheduleOverride;
import dev.vigil.oncall.Team;
import dev.vigil.oncall.User;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Tells a team's channel who is on call now when one of its schedules hands over. A team's schedules are those
 * its escalation policy targets; a team with {@code handoff_notices: false} or without a channel is not told.
 * The first look at a schedule records a baseline and says nothing; a change seen after a restart is announced
 * then, once.
 */
public final class HandoffNotices {
    /** How far ahead to look for the end of the new shift. */
    private static final Duration HORIZON = Duration.ofDays(28);
    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("EEE d MMM HH:mm z", java.util.Locale.ENGLISH);

    private final HandoffStore store;
    private final Supplier<RuleSet> rules;
    private final OverrideLookup overrides;
    private final InstantSource clock;

    public HandoffNotices(HandoffStore store, Supplier<RuleSet> rules, OverrideLookup overrides, InstantSource clock) {
        this.store = store;
        this.rules = rules;
        this.overrides = overrides;
        this.clock = clock;
    }

    /** Looks at every schedule a team wants handoffs for; returns how many handoffs were announced. */
    public int check() {
        RuleSet world = rules.get();
        Instant now = clock.instant();
        int announced = 0;
        for (Schedule schedule : world.schedules().values()) {
            List<Team> teams = teamsToTell(world, schedule.id());
            if (teams.isEmpty()) {
                continue;
            }
            List<ScheduleOverride> ahead = overrides.overlapping(schedule.id(), now, now.plus(HORIZON));
            List<String> onCall = ScheduleCalculator.onCallAt(schedule, ahead, now);
            Optional<List<String>> before = store.lastKnown(schedule.id());
            if (before.isEmpty()) {
                store.change(schedule.id(), before, onCall, now, outbox -> { });
            } else if (!before.get().equals(onCall)) {
                Optional<Instant> until = ScheduleCalculator.nextChange(schedule, ahead, now, HORIZON);
                List<String> was = before.get();
                boolean won = store.change(schedule.id(), before, onCall, now, outbox -> teams.forEach(t ->
                        outbox.enqueue(OutboxMessage.of(t.slackChannel(), "#" + t.slackChannel(),
                                notice(world, schedule, t, was, onCall, until), now))));
                announced += won ? 1 : 0;
            }
        }
        return announced;
    }

    /** Teams with a channel and handoff notices on whose escalation policy targets the schedule. */
    static List<Team> teamsToTell(RuleSet world, String scheduleId) {
        Target target = new Target.ScheduleTarget(scheduleId);
        return world.teams().values().stream()
                .filter(t -> t.handoffNotices() && !t.slackChannel().isEmpty())
                .filter(t -> world.policy(t.escalationPolicy()).map(EscalationPolicy::steps).orElse(List.of()).stream()
                        .anyMatch(step -> step.targets().contains(target)))
                .sorted(java.util.Comparator.comparing(Team::id))
                .toList();
    }

    static TeamNotice notice(RuleSet world, Schedule schedule, Team team, List<String> before, List<String> after,
                             Optional<Instant> until) {
        String who = names(world, after);
        String title = after.isEmpty() ? "Nobody is on call for " + schedule.id() + " now"
                : who + (after.size() == 1 ? " is" : " are") + " on call for " + schedule.id() + " now";
        String text = until.map(t -> "Until " + UNTIL.format(t.atZone(schedule.timeZone())) + ".").orElse("")
                + (before.isEmpty() ? " Before: nobody." : " Before: " + names(world, before) + ".");
        return new TeamNotice(team.id(), "handoff", title, text.strip());
    }

    private static String names(RuleSet world, List<String> ids) {
        return ids.stream().map(id -> world.user(id).map(User::name).orElse(id))
                .collect(Collectors.joining(", "));
    }
}
