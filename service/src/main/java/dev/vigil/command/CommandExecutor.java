package dev.vigil.command;

import dev.vigil.command.CommandResult.Done;
import dev.vigil.command.CommandResult.Reason;
import dev.vigil.command.CommandResult.Refused;
import dev.vigil.config.RuleSet;
import dev.vigil.escalation.EscalationPolicy;
import dev.vigil.escalation.EscalationStep;
import dev.vigil.escalation.Target;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentActions;
import dev.vigil.incident.IncidentService;
import dev.vigil.oncall.Layer;
import dev.vigil.oncall.OverrideStore;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.ScheduleOverride;
import dev.vigil.oncall.User;
import dev.vigil.release.ReleaseRun;
import dev.vigil.release.ReleaseService;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs commands as an actor: checks the actor may, then makes the change through the service that owns it, which
 * writes the change, its timeline event (who, when) and the messages it causes in one transaction. The HTTP API,
 * Slack's buttons and {@code /vigil}, and the CLI all come here.
 */
public final class CommandExecutor {
    private final IncidentService incidents;
    private final IncidentActions actions;
    private final ReleaseService releases;
    private final OverrideStore overrides;
    private final Supplier<RuleSet> rules;
    private final InstantSource clock;

    public CommandExecutor(IncidentService incidents, ReleaseService releases, OverrideStore overrides,
                           Supplier<RuleSet> rules, InstantSource clock) {
        this.incidents = incidents;
        this.actions = incidents.actions();
        this.releases = releases;
        this.overrides = overrides;
        this.rules = rules;
        this.clock = clock;
    }

    private dev.vigil.silence.Silences silences;

    /** Where silences are kept: without it, silence commands are refused. */
    public CommandExecutor withSilences(dev.vigil.silence.Silences s) {
        this.silences = s;
        return this;
    }

    public CommandResult execute(Actor actor, Command command) {
        boolean release = command instanceof Command.StartRelease || command instanceof Command.ReportStep;
        if (release ? !actor.mayRelease() : !actor.mayRespond()) {
            return new Refused(Reason.FORBIDDEN, actor.name() + " may not " + (release ? "run releases" : "respond"));
        }
        String by = actor.name();
        try {
            return run(command, by);
        } catch (IllegalStateException e) {
            return new Refused(Reason.CONFLICT, e.getMessage());
        }
    }

    private CommandResult run(Command command, String by) {
        if (command instanceof Command.Acknowledge c) {
            return incident(c.incident(), actions.acknowledge(c.incident(), by), "Acknowledged");
        }
        if (command instanceof Command.Resolve c) {
            return incident(c.incident(), actions.resolve(c.incident(), by), "Resolved");
        }
        if (command instanceof Command.Escalate c) {
            return incident(c.incident(), actions.escalate(c.incident(), by), "Escalated");
        }
        if (command instanceof Command.AddNote c) {
            return c.text().isBlank() ? new Refused(Reason.INVALID, "text: required")
                    : incident(c.incident(), actions.note(c.incident(), c.text(), by), "Noted on");
        }
        if (command instanceof Command.Triage c) {
            return incident(c.incident(), actions.triage(c.incident(), c.severity(), c.summary(), by), "Triaged");
        }
        if (command instanceof Command.AddResponder c) {
            return responder(c, by);
        }
        if (command instanceof Command.PageTeam c) {
            return page(c, by);
        }
        if (command instanceof Command.Override c) {
            return override(c, by);
        }
        if (command instanceof Command.Silence || command instanceof Command.ExpireSilence) {
            return silence(command, by);
        }
        if (command instanceof Command.StartRelease c) {
            return releases.start(c.pipeline(), c.version())
                    .<CommandResult>map(r -> new Done("Started " + r.pipeline() + " " + r.version() + " (run " + r.id()
                            + ")", r))
                    .orElseGet(() -> new Refused(Reason.NOT_FOUND, "pipeline " + c.pipeline()
                            + " is not a pipeline in rules/"));
        }
        return report((Command.ReportStep) command);
    }

    private CommandResult silence(Command command, String by) {
        if (silences == null) {
            return new Refused(Reason.INVALID, "silences are not kept here");
        }
        try {
            if (command instanceof Command.ExpireSilence c) {
                dev.vigil.silence.Silence s = silences.expire(c.id(), by);
                return new Done("Silence " + s.id() + " ended at " + s.endsAt(), s);
            }
            Command.Silence c = (Command.Silence) command;
            String id = silences.set(c.id(), c.matchers(), c.startsAt(), c.endsAt(),
                    c.createdBy().isEmpty() ? by : c.createdBy(), c.comment(), by);
            dev.vigil.silence.Silence s = silences.find(id).orElseThrow();
            return new Done("Silenced " + s.matchers().stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(", ", "{", "}")) + " until " + s.endsAt()
                    + " (silence " + id + ")", s);
        } catch (dev.vigil.silence.Silences.Refused e) {
            return new Refused(e.notFound() ? Reason.NOT_FOUND : Reason.INVALID, e.getMessage());
        }
    }

    private static CommandResult incident(long id, Optional<Incident> changed, String verb) {
        return changed.<CommandResult>map(i -> new Done(verb + " #" + i.id() + " (" + i.title() + "): now "
                        + i.status().apiName(), i))
                .orElseGet(() -> new Refused(Reason.NOT_FOUND, "incident " + id + " does not exist"));
    }

    private CommandResult responder(Command.AddResponder c, String by) {
        Optional<User> user = rules.get().user(c.user());
        if (user.isEmpty()) {
            return new Refused(Reason.NOT_FOUND, "user " + c.user() + " is not a user in rules/");
        }
        if (user.get().slackId().isEmpty()) {
            return new Refused(Reason.INVALID, "user: " + c.user() + " has no slack_id in rules/, so cannot be paged");
        }
        return incident(c.incident(), actions.addResponder(c.incident(), user.get(), by), "Added " + c.user() + " to");
    }

    private CommandResult page(Command.PageTeam c, String by) {
        if (rules.get().team(c.team()).isEmpty()) {
            return new Refused(Reason.NOT_FOUND, "team " + c.team() + " is not a team in rules/");
        }
        if (c.text().isBlank()) {
            return new Refused(Reason.INVALID, "text: required (what is wrong)");
        }
        Incident i = incidents.page(c.team(), c.text(), by);
        return new Done("Paged " + c.team() + ": incident #" + i.id() + " (" + i.title() + ")", i);
    }

    private CommandResult override(Command.Override c, String by) {
        RuleSet world = rules.get();
        if (!world.users().containsKey(c.user())) {
            return new Refused(Reason.NOT_FOUND, "user " + c.user() + " is not a user in rules/");
        }
        if (c.duration().isNegative() || c.duration().isZero()) {
            return new Refused(Reason.INVALID, "duration: must be longer than zero");
        }
        Optional<String> schedule = c.schedule().or(() -> onlyScheduleOf(world, c.user()));
        if (schedule.isEmpty()) {
            return new Refused(Reason.INVALID, "schedule: " + c.user() + " is in " + schedulesOf(world, c.user()).size()
                    + " schedules; name one of " + String.join(", ", schedulesOf(world, c.user())));
        }
        if (!world.schedules().containsKey(schedule.get())) {
            return new Refused(Reason.NOT_FOUND, "schedule " + schedule.get() + " is not a schedule in rules/");
        }
        Instant now = clock.instant();
        Instant start = c.start().orElse(now);
        ScheduleOverride o = overrides.add(schedule.get(), c.user(), start, start.plus(c.duration()), now, by);
        return new Done(c.user() + " takes " + schedule.get() + " from " + o.start() + " until " + o.end(), o);
    }

    private CommandResult report(Command.ReportStep c) {
        ReleaseRun updated;
        try {
            updated = releases.report(c.run(), c.step(), c.status(), c.message(), c.url());
        } catch (ReleaseService.UnknownStep e) {
            return new Refused(Reason.NOT_FOUND, e.getMessage());
        }
        return new Done("Step " + c.step() + " of run " + c.run() + " is " + c.status().apiName(), updated);
    }

    /** The schedules a user takes turns in. */
    static List<String> schedulesOf(RuleSet world, String user) {
        return world.schedules().values().stream()
                .filter(s -> s.layers().stream().map(Layer::members).anyMatch(m -> m.contains(user)))
                .map(Schedule::id).sorted().toList();
    }

    private static Optional<String> onlyScheduleOf(RuleSet world, String user) {
        List<String> in = schedulesOf(world, user);
        return in.size() == 1 ? Optional.of(in.get(0)) : Optional.empty();
    }

    /** The teams a user answers for: through a schedule or a user target of the team's escalation policy. */
    public static List<String> teamsOf(RuleSet world, String user) {
        List<String> schedules = schedulesOf(world, user);
        return world.teams().values().stream().filter(t -> world.policy(t.escalationPolicy())
                        .map(p -> targets(p).anyMatch(x -> x instanceof Target.UserTarget u && u.userId().equals(user)
                                || x instanceof Target.ScheduleTarget s && schedules.contains(s.scheduleId())))
                        .orElse(false))
                .map(t -> t.id()).sorted().toList();
    }

    private static java.util.stream.Stream<Target> targets(EscalationPolicy p) {
        return p.steps().stream().map(EscalationStep::targets).flatMap(List::stream);
    }
}
