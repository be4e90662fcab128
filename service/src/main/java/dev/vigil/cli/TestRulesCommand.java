package dev.vigil.cli;

import dev.vigil.rule.RuleUnitTest;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code vigil test-rules FILE...}: promtool's {@code test rules}, with its output and exit code. */
public final class TestRulesCommand extends Command {

    /** Signals that a file failed; the report has been printed. */
    static final class Failed extends RuntimeException {
        Failed() {
            super("FAILED");
        }
    }

    public TestRulesCommand() {
        super("test-rules", "Runs rule unit tests in promtool's test rules format");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("files").nargs("+").help("unit test files");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        boolean failed = false;
        List<String> files = namespace.getList("files");
        for (String f : files) {
            System.out.println("Unit Testing:  " + f);
            List<String> errors = RuleUnitTest.run(Path.of(f), System.err::println);
            if (errors.isEmpty()) {
                System.out.println("  SUCCESS");
            } else {
                System.err.println("  FAILED:");
                for (String e : errors) {
                    System.err.println(e);
                    System.out.println();
                }
                failed = true;
            }
            System.out.println();
        }
        if (failed) {
            throw new Failed();
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (!(e instanceof Failed)) {
            cli.getStdErr().println("test-rules: " + e.getMessage());
        }
    }
}
