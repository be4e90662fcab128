package dev.vigil.cli;

import dev.vigil.VigilApplication;
import dev.vigil.VigilConfiguration;
import dev.vigil.config.Problem;
import dev.vigil.config.RuleSet;
import dev.vigil.config.RulesLoader;
import dev.vigil.config.Suggestions;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.ScheduleCalculator;
import dev.vigil.store.OverrideSnapshot;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code vigil oncall config.yml --schedule ID --at INSTANT...}: one line per instant, {@code INSTANT<TAB>users}
 * (or {@code -} when nobody), from the schedules in rules/ and the overrides stored in the configured database
 * (read only; see {@link OverrideSnapshot}). While a running Vigil holds the H2 file, that Vigil is asked
 * ({@code GET /api/v1/oncall}) instead. When neither works, stderr says so and the answers are from rules/.
 */
public final class OnCallCommand extends ConfiguredCommand<VigilConfiguration> {

    /** A usage problem whose message has been printed. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    public OnCallCommand() {
        super("oncall", "Prints who a schedule has on call at each instant");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--schedule").required(true).help("schedule id, as in rules/");
        subparser.addArgument("--at").required(true).action(Arguments.append())
                .help("an instant, e.g. 2026-11-22T02:00:00Z or 2026-11-22T03:00:00+01:00; repeatable");
    }

    @Override
    protected void run(Bootstrap<VigilConfiguration> bootstrap, Namespace namespace, VigilConfiguration config) {
        RulesLoader.Result loaded = VigilApplication.loadRules(config, Instant.now());
        RuleSet rules = loaded.rules().orElseThrow(() -> new Refused(String.join("\n",
                loaded.problems().stream().map(Problem::toString).toList()) + "\nrules/ has errors; run vigil check"));
        String id = namespace.getString("schedule");
        Schedule schedule = rules.schedules().get(id);
        if (schedule == null) {
            throw new Refused("--schedule: \"" + id + "\" is not a schedule in rules/"
                    + Suggestions.hint(id, rules.schedules().keySet()));
        }
        List<String> ats = namespace.getList("at");
        List<List<String>> answers = answers(config, schedule, ats.stream().map(OnCallCommand::instant).toList());
        for (int i = 0; i < ats.size(); i++) {
            List<String> users = answers.get(i);
            System.out.println(ats.get(i) + "\t" + (users.isEmpty() ? "-" : String.join(",", users)));
        }
    }

    /** Who is on call at each instant, with the stored overrides when they can be had; warnings go to stderr. */
    private static List<List<String>> answers(VigilConfiguration config, Schedule schedule, List<Instant> instants) {
        String id = schedule.id();
        Instant from = instants.stream().min(Instant::compareTo).orElseThrow();
        Instant to = instants.stream().max(Instant::compareTo).orElseThrow().plusMillis(1);
        OverrideSnapshot.Result stored = OverrideSnapshot.read(config.database.getUrl(), config.database.getUser(),
                config.database.getPassword(), id, from, to);
        if (stored.locked()) {
            Optional<RunningServer> server = RunningServer.of(config);
            Optional<List<List<String>>> asked = server.flatMap(v -> v.onCall(id, instants));
            if (asked.isPresent()) {
                return asked.get();
            }
            System.err.println("warning: the H2 database is in use by a running Vigil, which did not answer"
                    + server.map(v -> " at " + v.base()).orElse("") + "; these answers are from rules/ only, "
                    + "without stored overrides");
        } else {
            stored.warning().ifPresent(w -> System.err.println("warning: " + w));
        }
        return instants.stream().map(at -> ScheduleCalculator.onCallAt(schedule,
                stored.overrides().overlapping(id, at, at.plusMillis(1)), at)).toList();
    }

    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Refused("--at: \"" + text + "\" is not an instant (expected: e.g. 2026-11-22T02:00:00Z)");
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println(e instanceof Refused ? e.getMessage() : "oncall failed: " + e.getMessage());
    }
}
