package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H2DurabilityTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:h2:file:./data/vigil                         | jdbc:h2:file:retry:./data/vigil;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:file:./data/vigil;write_delay=100         | jdbc:h2:file:retry:./data/vigil;write_delay=100;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:./v;DB_CLOSE_ON_EXIT=TRUE                 | jdbc:h2:retry:./v;DB_CLOSE_ON_EXIT=TRUE;WRITE_DELAY=0",
        "jdbc:h2:/var/lib/vigil/db                         | jdbc:h2:retry:/var/lib/vigil/db;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:nio:./v                                   | jdbc:h2:nio:./v;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:tcp://db/vigil                            | jdbc:h2:tcp://db/vigil;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:mem:test                                  | jdbc:h2:mem:test",
        "jdbc:postgresql://db/vigil                        | jdbc:postgresql://db/vigil",
    })
    void makesFileUrlsFlushEveryCommit(String url, String expected) {
        assertThat(H2Durability.apply(url)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aThreadInterruptedWhileItCommitsDoesNotCloseTheDatabase() throws Exception {
        String url = H2Durability.apply("jdbc:h2:file:" + java.nio.file.Path.of("target", "h2",
                java.util.UUID.randomUUID().toString(), "db").toAbsolutePath());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("CREATE TABLE t (i INT)");
            Thread.currentThread().interrupt();
            try {
                c.createStatement().execute("INSERT INTO t VALUES (1)");
            } finally {
                Thread.interrupted();
            }
            var r = c.createStatement().executeQuery("SELECT COUNT(*) FROM t");
            r.next();
            assertThat(r.getInt(1)).isEqualTo(1);
        }
    }
}
