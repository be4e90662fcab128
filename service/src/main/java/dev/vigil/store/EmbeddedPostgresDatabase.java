package dev.vigil.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default database: a real PostgreSQL server, its binaries shipped inside vigil.jar, run by Vigil on a data
 * directory of its own ({@code database.url: embedded-postgresql:./data/postgres}), so that {@code server config.yml}
 * needs nothing installed and is as crash-safe as PostgreSQL (write-ahead log, fsync on every commit; H2 in file
 * mode lost acknowledged writes in bench/chaos.sh). It listens on loopback only.
 *
 * <p>PostgreSQL runs as a child process that a SIGKILL of Vigil leaves behind: the next start finds it by its
 * {@code postmaster.pid}, sees that no Vigil holds the directory's lock, and stops it before starting afresh.
 */
public final class EmbeddedPostgresDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresDatabase.class);
    /** The {@code database.url} prefix that asks for it; the rest is the data directory. */
    public static final String SCHEME = "embedded-postgresql:";
    /** The lock the embedded server's owner holds on the data directory (the name the binaries' launcher uses). */
    private static final String LOCK = "epg-lock";
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static boolean named(String url) {
        return url != null && url.startsWith(SCHEME);
    }

    /** The data directory a {@code database.url} names. */
    public static Path directory(String url) {
        String path = url.substring(SCHEME.length());
        if (path.isBlank()) {
            throw new IllegalArgumentException("database.url: \"" + url + "\" names no directory (expected: e.g. "
                    + SCHEME + "./data/postgres)");
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    /**
     * Starts the server on {@code dir} (created and initialised the first time). Refuses while another Vigil process
     * runs on it; stops a server left running by a Vigil that was killed.
     */
    public static EmbeddedPostgresDatabase start(Path dir) {
        try {
            Files.createDirectories(dir);
            if (heldByAnotherProcess(dir)) {
                throw new IllegalStateException("database.url: another Vigil process is running on " + dir
                        + " (stop it first, or give this one another directory)");
            }
            stopOrphan(dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofMinutes(2))
                    // PostgreSQL's own log beside its directory (data/postgres.log), not mixed into Vigil's output.
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log(dir).toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log(dir).toFile()))
                    // The launcher turns durability off for tests; a pager wants every commit on disk.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "50")
                    .start();
            LOG.debug("embedded PostgreSQL on {} (port {}, its log in {})", dir, pg.getPort(), log(dir));
            return new EmbeddedPostgresDatabase(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL on " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Where PostgreSQL writes its log: beside its data directory, as {@code postgres.log}. */
    public static Path log(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".log");
    }

    /** The JDBC URL of the running server's database. */
    public String jdbcUrl() {
        return url(postgres.getPort());
    }

    /**
     * On loopback, without TLS and without a connect timeout: a timeout on a socket (the driver's 10 s connect
     * timeout, its 5 s wait for the answer to a TLS request) turns it non-blocking for good in the JDK, and then every
     * read of an answer that has not come yet is three system calls (a read that finds nothing, a poll, the read)
     * instead of one that waits.
     */
    private static String url(long port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres?sslmode=disable&connectTimeout=0";
    }

    public static String user() {
        return "postgres";
    }

    /**
     * The JDBC URL of a server that is running on {@code dir} now (another Vigil's, or one left behind), read from
     * its {@code postmaster.pid}; empty when none runs.
     */
    public static Optional<String> runningUrl(Path dir) {
        Optional<long[]> pidAndPort = postmaster(dir);
        return pidAndPort.filter(p -> alive(p[0])).map(p -> url(p[1]));
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    private static boolean heldByAnotherProcess(Path dir) throws IOException {
        Path lockFile = dir.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            return false; // never started (and initdb wants the directory empty)
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this very JVM runs it already
        }
    }

    /** A postmaster whose Vigil is gone: asked to shut down (fast), then killed if it will not. */
    private static void stopOrphan(Path dir) {
        Optional<long[]> pid = postmaster(dir);
        if (pid.isEmpty() || !alive(pid.get()[0])) {
            return;
        }
        ProcessHandle handle = ProcessHandle.of(pid.get()[0]).orElseThrow();
        if (!handle.info().command().map(c -> c.contains("postgres")).orElse(false)) {
            return; // the pid was reused by something else: the pid file is stale, and PostgreSQL handles that
        }
        LOG.warn("stopping the embedded PostgreSQL (pid {}) left running by a Vigil that stopped without closing it",
                handle.pid());
        handle.destroy();
        try {
            handle.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("it did not stop within {}; killing it (PostgreSQL recovers from its write-ahead log)", STOP_WAIT);
            handle.destroyForcibly();
            handle.onExit().join();
        }
    }

    /** The pid and port in {@code postmaster.pid} (lines 1 and 4), if the file is there and whole. */
    private static Optional<long[]> postmaster(Path dir) {
        Path file = dir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            return Optional.of(new long[] {Long.parseLong(lines.get(0).trim()), Long.parseLong(lines.get(3).trim())});
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
