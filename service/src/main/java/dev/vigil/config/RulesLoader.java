package dev.vigil.config;

import dev.vigil.escalation.EscalationPolicy;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.Team;
import dev.vigil.oncall.User;
import dev.vigil.probe.ProbeSpec;
import dev.vigil.release.Pipeline;
import dev.vigil.routing.Route;
import dev.vigil.rule.RuleGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads every {@code *.yml}/{@code *.yaml} file under rules/ (SPEC §3), strictly: every problem in every
 * file is collected, and a {@link RuleSet} is produced only when there are no errors.
 */
public final class RulesLoader {
    private static final Set<String> TOP_KEYS = Set.of("users", "teams", "schedules", "escalation_policies", "route",
            "probes", "releases", "groups", "inhibit_rules", "silences", "integrations", "time_intervals");

    /** The outcome of a load: the rules when whole, and every problem found (warnings too). */
    public record Result(Optional<RuleSet> rules, List<Problem> problems) {
        public boolean ok() {
            return rules.isPresent();
        }
    }

    private final Problems problems = new Problems();
    private final Declarations declarations = new Declarations();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Team> teams = new LinkedHashMap<>();
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    private final Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
    private final Map<String, ProbeSpec> probes = new LinkedHashMap<>();
    private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    private final List<RuleGroup> ruleGroups = new java.util.ArrayList<>();
    private final List<dev.vigil.inhibit.InhibitRule> inhibitRules = new java.util.ArrayList<>();
    private final List<dev.vigil.pagerduty.Integration> integrations = new java.util.ArrayList<>();
    private final List<dev.vigil.silence.Silence> silences = new java.util.ArrayList<>();
    private final Map<String, List<dev.vigil.timeinterval.TimeInterval>> timeIntervals = new LinkedHashMap<>();
    private final List<String> unreadable = new java.util.ArrayList<>();
    private Route route;
    private Position routeAt;

    private final java.time.Instant now;

    private RulesLoader(java.time.Instant now) {
        this.now = now;
    }

    /**
     * Loads {@code rulesDir}; {@code runbookIds} are the runbooks references may name; {@code now} is when the
     * coming 4 weeks start, for warnings about schedules that leave nobody on call.
     */
    public static Result load(Path rulesDir, Set<String> runbookIds, java.time.Instant now) {
        return new RulesLoader(now).run(rulesDir, runbookIds);
    }

    private Result run(Path rulesDir, Set<String> runbookIds) {
        declarations.defineAll("runbook", runbookIds);
        if (!Files.isDirectory(rulesDir)) {
            problems.error(new Position(rulesDir.toString(), 0, 0), "rules folder does not exist");
            return new Result(Optional.empty(), problems.sorted());
        }
        try (Stream<Path> walk = Files.walk(rulesDir)) {
            walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .filter(p -> !isUnitTest(p)).sorted().forEach(this::file);
        } catch (IOException e) {
            problems.error(new Position(rulesDir.toString(), 0, 0), "cannot read: " + e.getMessage());
        }
        if (route == null) {
            problems.error(new Position(rulesDir.toString(), 0, 0),
                    "no route: declared (expected: one file with a route tree whose root names a team)");
        }
        if (unreadable.isEmpty()) {
            declarations.checkReferences();
        } else {
            // What those files declare is unknown: reporting every reference to it as "not defined" would bury the
            // one real error under follow-on ones.
            problems.warning(new Position(unreadable.get(0), 0, 0), "names used across files not checked until "
                    + String.join(", ", unreadable) + (unreadable.size() == 1 ? " reads" : " read"));
        }
        if (problems.hasErrors()) {
            return new Result(Optional.empty(), problems.sorted());
        }
        return new Result(Optional.of(new RuleSet(users, teams, schedules, policies, route, probes, pipelines, ruleGroups,
                inhibitRules, integrations, silences, timeIntervals)),
                problems.sorted());
    }

    /** promtool-format unit tests sit beside the rules they test, named *.test.yml; they are not declarations. */
    public static boolean isUnitTest(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".test.yml") || name.endsWith(".test.yaml");
    }

    private void file(Path path) {
        String name = path.toString();
        YamlFiles.Read read = YamlFiles.compose(path, name, problems);
        if (!read.readable()) {
            unreadable.add(name);
            return;
        }
        Node root = read.root();
        if (root == null) {
            return;
        }
        new YamlValue(root, name, "", problems).map(TOP_KEYS).ifPresent(this::top);
    }

    private void top(YamlMap m) {
        if (m.get("groups").isPresent()) {
            // A Prometheus rule file holds nothing else, so promtool check rules accepts it too.
            for (String other : m.keys()) {
                if (!other.equals("groups")) {
                    m.get(other).ifPresent(v -> v.error("a Prometheus rule file (groups:) may hold nothing else"));
                }
            }
            // As in Prometheus, group names are unique per file; two files may each have an "api" group.
            m.get("groups").ifPresent(g -> ruleGroups.addAll(RuleFileSection.read(g, g.file())));
            return;
        }
        m.get("silences").ifPresent(v -> SilenceSection.silences(v, silences));
        m.get("time_intervals").ifPresent(v -> new TimeIntervalSection(declarations).intervals(v, timeIntervals));
        m.get("inhibit_rules").ifPresent(v -> InhibitSection.rules(v, inhibitRules));
        m.get("integrations").ifPresent(v -> new IntegrationSection(declarations).integrations(v, integrations));
        OnCallSection oncall = new OnCallSection(declarations);
        m.get("users").ifPresent(v -> oncall.users(v, users));
        m.get("teams").ifPresent(v -> oncall.teams(v, teams));
        m.get("escalation_policies").ifPresent(v -> oncall.policies(v, policies));
        m.get("schedules").ifPresent(v -> new ScheduleSection(declarations, now).schedules(v, schedules));
        m.get("probes").ifPresent(v -> new ProbeSection(declarations).probes(v, probes));
        m.get("releases").ifPresent(v -> new ReleaseSection(declarations).releases(v, pipelines));
        m.get("route").ifPresent(this::route);
    }

    private void route(YamlValue v) {
        if (routeAt != null) {
            v.error("route is already declared at " + routeAt.file() + ":" + routeAt.line() + ":" + routeAt.col()
                    + " (expected: one routing tree)");
            return;
        }
        routeAt = v.position();
        new RouteSection(declarations).root(v).ifPresent(r -> route = r);
    }
}
