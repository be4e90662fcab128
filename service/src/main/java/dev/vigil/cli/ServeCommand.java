package dev.vigil.cli;

import dev.vigil.VigilConfiguration;
import dev.vigil.config.StartupRefusedException;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import net.sourceforge.argparse4j.inf.Namespace;

/** Dropwizard's {@code server}, which prints why it refused to start (a rules/ report, a rejected token) without a stack trace. */
public final class ServeCommand extends ServerCommand<VigilConfiguration> {

    public ServeCommand(Application<VigilConfiguration> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof StartupRefusedException) {
            cli.getStdErr().println(e.getMessage());
            return;
        }
        super.onError(cli, namespace, e);
    }
}
