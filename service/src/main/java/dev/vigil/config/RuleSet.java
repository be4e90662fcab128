package dev.vigil.config;

import dev.vigil.escalation.EscalationPolicy;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.Team;
import dev.vigil.oncall.User;
import dev.vigil.probe.ProbeSpec;
import dev.vigil.release.Pipeline;
import dev.vigil.routing.Route;
import dev.vigil.rule.RuleGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything declared under rules/, checked and whole: the world the running service works from. */
public record RuleSet(Map<String, User> users, Map<String, Team> teams, Map<String, Schedule> schedules,
                      Map<String, EscalationPolicy> policies, Route route, Map<String, ProbeSpec> probes,
                      Map<String, Pipeline> pipelines, List<RuleGroup> ruleGroups,
                      List<dev.vigil.inhibit.InhibitRule> inhibitRules,
                      List<dev.vigil.pagerduty.Integration> integrations,
                      List<dev.vigil.silence.Silence> silences,
                      Map<String, List<dev.vigil.timeinterval.TimeInterval>> timeIntervals) {
    public RuleSet(Map<String, User> users, Map<String, Team> teams, Map<String, Schedule> schedules,
                   Map<String, EscalationPolicy> policies, Route route, Map<String, ProbeSpec> probes,
                   Map<String, Pipeline> pipelines, List<RuleGroup> ruleGroups) {
        this(users, teams, schedules, policies, route, probes, pipelines, ruleGroups, List.of(), List.of(), List.of(),
                Map.of());
    }

    public RuleSet {
        inhibitRules = List.copyOf(inhibitRules);
        integrations = List.copyOf(integrations);
        silences = List.copyOf(silences);
        timeIntervals = Map.copyOf(timeIntervals);
        users = Map.copyOf(users);
        teams = Map.copyOf(teams);
        schedules = Map.copyOf(schedules);
        policies = Map.copyOf(policies);
        probes = Map.copyOf(probes);
        pipelines = Map.copyOf(pipelines);
        ruleGroups = List.copyOf(ruleGroups);
    }

    public Optional<Team> team(String id) {
        return Optional.ofNullable(teams.get(id));
    }

    public Optional<User> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    /** How often each probe runs, by name: what the scheduler is given. */
    public Map<String, java.time.Duration> probeIntervals() {
        Map<String, java.time.Duration> out = new java.util.LinkedHashMap<>();
        probes.values().forEach(p -> out.put(p.name(), p.interval()));
        return out;
    }

    public Optional<EscalationPolicy> policy(String id) {
        return Optional.ofNullable(policies.get(id));
    }

    public Optional<Pipeline> pipeline(String name) {
        return Optional.ofNullable(pipelines.get(name));
    }
}
