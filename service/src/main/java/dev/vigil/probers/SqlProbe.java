package dev.vigil.probers;

import dev.vigil.probe.Observation;
import dev.vigil.probe.Placeholder;
import dev.vigil.probe.ProbeTarget;
import dev.vigil.probe.Prober;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * A sql probe over JDBC (PostgreSQL, H2, MySQL/MariaDB drivers): the URL, credentials included, from the environment
 * variable {@code dsn_env} names; a read-only connection, the probe's timeout as the login and statement timeout.
 * {@code [ROWS]} counts the rows (up to 10,000 read), {@code [VALUE]} is the first column of the first row, and a
 * numeric value is the series {@code probe_sql_value}. Errors name the variable, never the URL.
 */
public final class SqlProbe implements Prober<ProbeTarget.Sql> {
    static final int MAX_ROWS = 10_000;
    private final Function<String, String> environment;

    public SqlProbe() {
        this(System::getenv);
    }

    /** With another environment (tests). */
    public SqlProbe(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Observation probe(ProbeTarget.Sql t, Duration timeout) {
        long start = System.nanoTime();
        String url = environment.apply(t.dsnEnv());
        if (url == null || url.isBlank()) {
            return Observation.failed("the environment variable " + t.dsnEnv() + " (dsn_env) is not set",
                    Prober.since(start), Map.of());
        }
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        Properties props = new Properties();
        props.setProperty("loginTimeout", String.valueOf(seconds));
        props.setProperty("connectTimeout", String.valueOf(seconds));
        props.setProperty("socketTimeout", String.valueOf(seconds + 1));
        try (Connection c = DriverManager.getConnection(url, props)) {
            // In a transaction, so that drivers that make only transactions read-only (PostgreSQL's) do so too.
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(seconds);
                s.setMaxRows(MAX_ROWS);
                int rows = 0;
                String value = null;
                try (ResultSet rs = s.executeQuery(t.query())) {
                    while (rs.next()) {
                        if (rows == 0) {
                            value = rs.getString(1);
                        }
                        rows++;
                    }
                }
                Observation.Builder b = new Observation.Builder().put(Placeholder.ROWS, rows);
                if (value != null) {
                    b.put(Placeholder.VALUE, value);
                    try {
                        b.series("probe_sql_value", Double.parseDouble(value.strip()));
                    } catch (NumberFormatException e) {
                        // not a number: no series
                    }
                }
                return b.took(Prober.since(start));
            } finally {
                c.rollback();
            }
        } catch (SQLTimeoutException e) {
            return Observation.failed("the query ran longer than the timeout " + timeout.toMillis() + "ms",
                    Prober.since(start), Map.of());
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) { // PostgreSQL: canceled by the statement timeout
                return Observation.failed("the query ran longer than the timeout " + timeout.toMillis() + "ms",
                        Prober.since(start), Map.of());
            }
            return Observation.failed("query on $" + t.dsnEnv() + " failed: " + safe(e, url), Prober.since(start),
                    Map.of());
        }
    }

    /** The driver's message without the URL (which holds the credentials), in case a driver repeats it. */
    private static String safe(SQLException e, String url) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return m.replace(url, "$" + "URL");
    }
}
