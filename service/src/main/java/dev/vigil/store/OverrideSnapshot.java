package dev.vigil.store;

import dev.vigil.oncall.OverrideLookup;
import dev.vigil.oncall.ScheduleOverride;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The stored overrides, read by a command-line tool without migrating or writing anything. A database that does
 * not exist yet, or has no overrides table yet, has no overrides. An H2 file a running Vigil holds cannot be
 * opened (H2 locks it to one process): the result says {@code locked}, so the caller can ask that Vigil
 * instead. Anything else is a warning, not a guess.
 */
public final class OverrideSnapshot {
    /** H2: the database file does not exist. */
    private static final int H2_NOT_FOUND = 90146;
    /** H2: the file is locked by another process (a running Vigil). */
    private static final int H2_IN_USE = 90020;
    private static final List<String> NO_TABLE = List.of("42S02", "42S04", "42P01", "3F000");

    /** The overrides, or why they could not be read; {@code locked}: a running Vigil holds the H2 file. */
    public record Result(OverrideLookup overrides, Optional<String> warning, boolean locked) {
    }

    private OverrideSnapshot() {
    }

    public static Result read(String url, String user, String password, String scheduleId, Instant from, Instant to) {
        if (EmbeddedPostgresDatabase.named(url)) {
            return readEmbedded(EmbeddedPostgresDatabase.directory(url), scheduleId, from, to);
        }
        boolean h2 = H2Durability.isFile(url);
        String first = h2 ? H2Durability.apply(url) + ";IFEXISTS=TRUE" : url;
        try {
            return loaded(query(first, user, password, scheduleId, from, to));
        } catch (JdbiException e) {
            Optional<SQLException> sql = sqlCause(e);
            if (h2 && sql.map(SQLException::getErrorCode).orElse(0) == H2_NOT_FOUND) {
                return loaded(List.of());
            }
            Result failed = failed(e);
            boolean locked = h2 && sql.map(SQLException::getErrorCode).orElse(0) == H2_IN_USE;
            return new Result(failed.overrides(), failed.warning(), locked);
        }
    }

    /** The embedded server that runs now (a Vigil's), or, when none does, one started for this read. */
    private static Result readEmbedded(java.nio.file.Path dir, String scheduleId, Instant from, Instant to) {
        String user = EmbeddedPostgresDatabase.user();
        Optional<String> running = EmbeddedPostgresDatabase.runningUrl(dir);
        if (running.isPresent()) {
            return read(running.get(), user, "", scheduleId, from, to);
        }
        if (!java.nio.file.Files.exists(dir.resolve("PG_VERSION"))) {
            return loaded(List.of()); // never started: nothing stored yet
        }
        try (EmbeddedPostgresDatabase pg = EmbeddedPostgresDatabase.start(dir)) {
            return read(pg.jdbcUrl(), user, "", scheduleId, from, to);
        } catch (RuntimeException e) {
            return failed(e.getMessage());
        }
    }

    private static List<ScheduleOverride> query(String url, String user, String password, String scheduleId,
                                                Instant from, Instant to) {
        try {
            return new JdbiOverrideStore(Jdbi.create(url, user == null ? "" : user, password == null ? "" : password))
                    .overlapping(scheduleId, from, to);
        } catch (JdbiException e) {
            if (sqlCause(e).map(SQLException::getSQLState).filter(NO_TABLE::contains).isPresent()) {
                return List.of();  // a database Vigil has not migrated yet
            }
            throw e;
        }
    }

    private static Result loaded(List<ScheduleOverride> found) {
        return new Result((id, from, to) -> found.stream()
                .filter(o -> o.scheduleId().equals(id) && o.start().isBefore(to) && o.end().isAfter(from)).toList(),
                Optional.empty(), false);
    }

    private static Result failed(JdbiException e) {
        return failed(sqlCause(e).map(Throwable::getMessage).orElse(e.getMessage()));
    }

    private static Result failed(String why) {
        return new Result(OverrideLookup.NONE, Optional.of("stored overrides not read (" + firstLine(why)
                + "); these answers are from rules/ only"), false);
    }

    private static Optional<SQLException> sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String s) {
        return s == null ? "unknown error" : s.lines().findFirst().orElse(s);
    }
}
