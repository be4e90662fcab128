package dev.vigil.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How process tests start {@code vigil server ../config.yml}: on two free ports (application, admin; the HTTPS
 * listener on any), with their own rules/ and runbooks/, and any further {@code -Ddw...} overrides (the database, most
 * often).
 */
public record ServerArgs(int app, int admin, Path rules, Path runbooks, List<String> overrides) {
    /** Free ports now; the overrides are kept in order. */
    public static ServerArgs on(Path rules, Path runbooks, String... overrides) throws IOException {
        return new ServerArgs(VigilProcess.freePort(), VigilProcess.freePort(), rules, runbooks, List.of(overrides));
    }

    /** The override for the default database, the embedded PostgreSQL, on its own data directory. */
    public static String embeddedDatabase(Path dir) {
        return "-Ddw.database.url=" + dev.vigil.store.EmbeddedPostgresDatabase.SCHEME + dir.toAbsolutePath();
    }

    /** The overrides for an H2 file (URL, driver and user: config.yml's defaults are PostgreSQL's). */
    public static String[] h2(Path file) {
        return new String[] {"-Ddw.database.url=jdbc:h2:file:" + file.toAbsolutePath(),
                "-Ddw.database.driverClass=org.h2.Driver", "-Ddw.database.user=sa"};
    }

    /** The override that sets the application port: commands read it from the same config to find the server. */
    public String appPort() {
        return "-Ddw.server.applicationConnectors[0].port=" + app;
    }

    /** The arguments of {@code vigil server ../config.yml} with these settings. */
    public String[] serverArgs() {
        List<String> args = new ArrayList<>(overrides);
        args.addAll(List.of(appPort(), "-Ddw.server.adminConnectors[0].port=" + admin,
                // config.yml's HTTPS listener: any free port, its certificate made under target/
                "-Ddw.server.applicationConnectors[1].port=0",
                "-Ddw.server.applicationConnectors[1].certificateDirectory=target/tls", "-Ddw.rulesPath=" + rules,
                "-Ddw.runbooksPath=" + runbooks, "server", "../config.yml"));
        return args.toArray(String[]::new);
    }

    /** Starts a server process with these settings. */
    public VigilProcess start(Map<String, String> env) throws IOException {
        return VigilProcess.start(env, serverArgs());
    }

    /** A client of that server, sending {@code token} on calls that change things. */
    public ProcessApi api(String token) {
        return new ProcessApi(app, admin, token);
    }
}
