package dev.vigil.probers;

import dev.vigil.probe.Condition;
import dev.vigil.probe.ProbeResult;
import dev.vigil.probe.ProbeSeries;
import dev.vigil.probe.ProbeSpec;
import dev.vigil.probe.ProbeTarget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sql probes against the embedded PostgreSQL and H2: the URL from the environment, read-only, timed out. */
class SqlProbeTest {
    static TestDatabase pg;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        pg = TestDatabase.postgres();
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS replica_status (replica TEXT PRIMARY KEY, lag_seconds DOUBLE PRECISION)");
            s.execute("DELETE FROM replica_status");
            s.execute("INSERT INTO replica_status VALUES ('eu-1', 4.5), ('eu-2', 41)");
        }
        String withCredentials = pg.url() + (pg.url().contains("?") ? "&" : "?") + "user=" + pg.user()
                + (pg.password() == null || pg.password().isEmpty() ? "" : "&password=" + pg.password());
        env = Map.of("ORDERS_DB", withCredentials, "BROKEN_DB", "jdbc:postgresql://127.0.0.1:1/none?user=x",
                "LOCAL_H2", "jdbc:h2:mem:sqlprobe");
    }

    private static ProbeResult run(String dsnEnv, String query, Duration timeout, String... conditions) {
        ProbeTarget.Sql t = new ProbeTarget.Sql(dsnEnv, query);
        ProbeSpec spec = new ProbeSpec("sql", t, Duration.ofSeconds(30), timeout,
                List.of(conditions).stream().map(Condition::parse).toList(), Map.of(), Optional.empty());
        return ProbeResult.evaluate(spec, new SqlProbe(env::get).probe(t, timeout), Instant.now());
    }

    @Test
    void aReplicationLagShapedQueryGivesItsNumber() {
        ProbeResult ok = run("ORDERS_DB", "SELECT max(lag_seconds) FROM replica_status WHERE replica = 'eu-1'",
                Duration.ofSeconds(5), "[VALUE] < 30", "[ROWS] == 1");
        assertThat(ok.failures()).isEmpty();
        assertThat(ProbeSeries.of(ok)).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("probe_sql_value");
            assertThat(s.value()).isEqualTo(4.5);
        });
        ProbeResult lagging = run("ORDERS_DB", "SELECT max(lag_seconds) FROM replica_status", Duration.ofSeconds(5),
                "[VALUE] < 30");
        assertThat(lagging.failures()).containsExactly("[VALUE] < 30 (got 41)");
        assertThat(run("ORDERS_DB", "SELECT replica FROM replica_status", Duration.ofSeconds(5), "[ROWS] == 2")
                .success()).isTrue();
        assertThat(run("LOCAL_H2", "SELECT 1", Duration.ofSeconds(5), "[VALUE] == 1").success()).isTrue();
    }

    @Test
    void aSlowQueryIsCutAtTheTimeout() {
        long start = System.nanoTime();
        ProbeResult slow = run("ORDERS_DB", "SELECT pg_sleep(10)", Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(slow.success()).isFalse();
        assertThat(slow.failures()).containsExactly("the query ran longer than the timeout 1000ms");
    }

    @Test
    void theConnectionIsReadOnly() {
        ProbeResult write = run("ORDERS_DB", "DELETE FROM replica_status RETURNING replica", Duration.ofSeconds(5));
        assertThat(write.success()).isFalse();
        assertThat(write.failures()).singleElement().asString().contains("read-only transaction");
        assertThat(run("ORDERS_DB", "SELECT count(*) FROM replica_status", Duration.ofSeconds(5), "[VALUE] == 2")
                .success()).isTrue();
    }

    @Test
    void aBadOrMissingDsnFailsWithAReasonThatNamesTheVariableNotTheUrl() {
        ProbeResult missing = run("NOT_SET", "SELECT 1", Duration.ofSeconds(2));
        assertThat(missing.failures()).containsExactly("the environment variable NOT_SET (dsn_env) is not set");
        ProbeResult broken = run("BROKEN_DB", "SELECT 1", Duration.ofSeconds(2));
        assertThat(broken.success()).isFalse();
        assertThat(broken.failures()).singleElement().asString().startsWith("query on $BROKEN_DB failed: ")
                .doesNotContain("user=x");
    }
}
