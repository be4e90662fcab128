package dev.vigil.command;

import dev.vigil.config.RuleSet;
import dev.vigil.escalation.EscalationStep;
import dev.vigil.escalation.Target;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentStatus;
import dev.vigil.incident.IncidentStore;
import dev.vigil.oncall.OverrideLookup;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.ScheduleCalculator;
import dev.vigil.oncall.ScheduleOverride;
import dev.vigil.oncall.Team;
import dev.vigil.release.Pipeline;
import dev.vigil.release.PipelineStep;
import dev.vigil.release.ReleaseRun;
import dev.vigil.release.ReleaseService;
import dev.vigil.release.StepPlan;
import dev.vigil.release.StepState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Answers a {@code /vigil} command for a person: changes go through the {@link CommandExecutor}, questions (who is on
 * call, open incidents, a release's steps) are read here. Every answer is text for that person alone.
 */
public final class Console {
    private static final Duration HORIZON = Duration.ofDays(56);
    private static final int MAX_LISTED = 20;

    private final CommandExecutor executor;
    private final IncidentStore incidents;
    private final ReleaseService releases;
    private final OverrideLookup overrides;
    private final Supplier<RuleSet> rules;
    private final InstantSource clock;

    public Console(CommandExecutor executor, IncidentStore incidents, ReleaseService releases, OverrideLookup overrides,
                   Supplier<RuleSet> rules, InstantSource clock) {
        this.executor = executor;
        this.incidents = incidents;
        this.releases = releases;
        this.overrides = overrides;
        this.rules = rules;
        this.clock = clock;
    }

    /** The user in rules/ with this Slack id. */
    public Optional<String> userBySlackId(String slackId) {
        return rules.get().users().values().stream().filter(u -> slackId.equals(u.slackId())).map(u -> u.id())
                .findFirst();
    }

    /** Reads and answers {@code text} (what followed {@code /vigil}) as {@code user}. */
    public String answer(Actor.User user, String text) {
        SlashCommand c = SlashCommand.parse(text, this::userBySlackId);
        if (c instanceof SlashCommand.Usage u) {
            return u.problem() + "\nUsage: " + u.usage();
        }
        if (c instanceof SlashCommand.Silence si) {
            Instant now = clock.instant();
            c = new SlashCommand.Change(new Command.Silence(Optional.empty(), si.matchers(), now, now.plus(si.duration()),
                    "", si.comment()));
        }
        if (c instanceof SlashCommand.Change change) {
            CommandResult r = executor.execute(user, change.command());
            return r instanceof CommandResult.Refused refused ? "Refused: " + refused.message() : r.message();
        }
        SlashCommand.Query q = (SlashCommand.Query) c;
        return switch (q.name()) {
            case "oncall" -> onCall(q.args().isEmpty() ? Optional.empty() : Optional.of(q.args().get(0)));
            case "incidents" -> openIncidents(user);
            case "release status" -> releaseStatus(Long.parseLong(q.args().get(0)));
            default -> SlashCommand.help();
        };
    }

    private String onCall(Optional<String> team) {
        RuleSet world = rules.get();
        if (team.isPresent() && world.team(team.get()).isEmpty()) {
            return "Refused: team " + team.get() + " is not a team in rules/ (teams: "
                    + String.join(", ", world.teams().keySet().stream().sorted().toList()) + ")";
        }
        List<Team> teams = team.map(t -> List.of(world.team(t).orElseThrow()))
                .orElseGet(() -> world.teams().values().stream().sorted(java.util.Comparator.comparing(Team::id)).toList());
        Instant now = clock.instant();
        List<String> lines = new ArrayList<>();
        for (Team t : teams) {
            List<String> schedules = world.policy(t.escalationPolicy()).map(p -> p.steps().stream()
                    .map(EscalationStep::targets).flatMap(List::stream)
                    .filter(x -> x instanceof Target.ScheduleTarget).map(x -> ((Target.ScheduleTarget) x).scheduleId())
                    .distinct().toList()).orElse(List.of());
            if (schedules.isEmpty()) {
                lines.add(t.id() + ": no schedule in its escalation policy");
            }
            for (String id : schedules) {
                Schedule s = world.schedules().get(id);
                if (s == null) {
                    continue;
                }
                List<ScheduleOverride> near = overrides.overlapping(id, now, now.plus(HORIZON));
                List<String> who = ScheduleCalculator.onCallAt(s, near, now);
                Optional<Instant> until = ScheduleCalculator.nextChange(s, near, now, HORIZON);
                lines.add(t.id() + " (" + id + "): " + (who.isEmpty() ? "nobody" : String.join(", ", who))
                        + until.map(u -> " until " + u).orElse(" (no change in the next " + HORIZON.toDays() + " days)"));
            }
        }
        return lines.isEmpty() ? "No teams in rules/." : String.join("\n", lines);
    }

    private String openIncidents(Actor.User user) {
        RuleSet world = rules.get();
        List<String> teams = CommandExecutor.teamsOf(world, user.id());
        List<Incident> open = incidents.list(EnumSet.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED), 1000,
                Long.MAX_VALUE).stream().filter(i -> teams.isEmpty() || teams.contains(i.team())).toList();
        if (open.isEmpty()) {
            return "No open incidents" + (teams.isEmpty() ? "." : " for " + String.join(", ", teams) + ".");
        }
        String list = open.stream().limit(MAX_LISTED).map(i -> "#" + i.id() + " [" + i.status().apiName() + "] "
                + i.team() + ": " + i.title()).collect(Collectors.joining("\n"));
        return "Open incidents" + (teams.isEmpty() ? "" : " of " + String.join(", ", teams)) + ":\n" + list
                + (open.size() > MAX_LISTED ? "\n…and " + (open.size() - MAX_LISTED) + " more" : "");
    }

    private String releaseStatus(long runId) {
        Optional<ReleaseRun> run = releases.find(runId);
        Optional<Pipeline> pipeline = run.flatMap(releases::pipelineOf);
        if (run.isEmpty() || pipeline.isEmpty()) {
            return "Refused: release run " + runId + " does not exist";
        }
        Map<String, StepPlan.View> states = releases.plan(pipeline.get(), run.get());
        List<String> lines = new ArrayList<>();
        lines.add(run.get().pipeline() + " " + run.get().version() + " (run " + runId + ")");
        for (PipelineStep s : pipeline.get().steps()) {
            StepPlan.View v = states.get(s.id());
            lines.add("• " + s.id() + " (" + s.team() + "): " + v.state().apiName()
                    + (v.why().isEmpty() || v.state() != StepState.LATE ? "" : " — " + v.why()));
        }
        return String.join("\n", lines);
    }
}
