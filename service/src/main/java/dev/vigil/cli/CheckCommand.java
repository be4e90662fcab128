package dev.vigil.cli;

import dev.vigil.VigilApplication;
import dev.vigil.VigilConfiguration;
import dev.vigil.config.Problem;
import dev.vigil.config.RuleSet;
import dev.vigil.config.RulesLoader;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;

/** {@code vigil check config.yml}: validates config.yml, rules/ and runbook links; exit 1 on any error. */
public final class CheckCommand extends ConfiguredCommand<VigilConfiguration> {

    /** Signals a failed check whose report has been printed already. */
    static final class CheckFailed extends RuntimeException {
        CheckFailed(String message) {
            super(message);
        }
    }

    public CheckCommand() {
        super("check", "Validates config.yml, every file under rules/ and every runbook link");
    }

    @Override
    protected void run(Bootstrap<VigilConfiguration> bootstrap, Namespace namespace, VigilConfiguration config) {
        RulesLoader.Result result = VigilApplication.loadRules(config, java.time.Instant.now());
        for (Problem p : result.problems()) {
            System.out.println(p);
        }
        if (!result.ok()) {
            long errors = result.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
            throw new CheckFailed(errors + (errors == 1 ? " error" : " errors") + " found");
        }
        RuleSet r = result.rules().orElseThrow();
        System.out.printf("OK: %d users, %d teams, %d schedules, %d escalation policies, %d probes, %d release pipelines%n",
                r.users().size(), r.teams().size(), r.schedules().size(), r.policies().size(), r.probes().size(),
                r.pipelines().size());
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        // The report is the output; a stack trace would only bury it.
        cli.getStdErr().println(e instanceof CheckFailed ? e.getMessage() : "check failed: " + e.getMessage());
    }
}
