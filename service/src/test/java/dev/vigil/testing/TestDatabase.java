package dev.vigil.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh, empty database for one test: an H2 file, or a new database in one shared embedded PostgreSQL. */
public record TestDatabase(String name, String driverClass, String url, String user, String password) {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    public static TestDatabase h2() {
        Path file = Path.of("target", "h2", UUID.randomUUID().toString(), "vigil").toAbsolutePath();
        return new TestDatabase("H2", "org.h2.Driver", dev.vigil.store.H2Durability.apply("jdbc:h2:file:" + file), "sa", "");
    }

    /** A new database in the JVM's embedded PostgreSQL (started once, stopped at exit). */
    public static synchronized TestDatabase postgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                EmbeddedPostgres started = postgres;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        // The JVM is exiting; the binaries clean up their own data folder.
                    }
                }));
            }
            String db = "vigil_" + COUNTER.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            return new TestDatabase("PostgreSQL", "org.postgresql.Driver", postgres.getJdbcUrl("postgres", db),
                    "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
    }

    public DataSource dataSource() {
        if (driverClass.equals("org.h2.Driver")) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    @Override
    public String toString() {
        return name;
    }
}
