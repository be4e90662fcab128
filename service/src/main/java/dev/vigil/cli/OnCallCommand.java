package dev.vigil.cli;

import dev.vigil.VigilApplication;
import dev.vigil.VigilConfiguration;
import dev.vigil.config.Problem;
import dev.vigil.config.RuleSet;
import dev.vigil.config.RulesLoader;
import dev.vigil.config.Suggestions;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.ScheduleCalculator;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code vigil oncall config.yml --schedule ID --at INSTANT...}: one line per instant, {@code INSTANT<TAB>users}
 * (or {@code -} when nobody), from the schedules in rules/. Overrides are not stored yet, so none apply.
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
        for (String at : ats) {
            List<String> users = ScheduleCalculator.onCallAt(schedule, instant(at));
            System.out.println(at + "\t" + (users.isEmpty() ? "-" : String.join(",", users)));
        }
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
