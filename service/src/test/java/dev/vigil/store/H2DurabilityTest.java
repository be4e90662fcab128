package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H2DurabilityTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:h2:file:./data/vigil                         | jdbc:h2:file:./data/vigil;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:file:./data/vigil;write_delay=100         | jdbc:h2:file:./data/vigil;write_delay=100;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:./v;DB_CLOSE_ON_EXIT=TRUE                 | jdbc:h2:./v;DB_CLOSE_ON_EXIT=TRUE;WRITE_DELAY=0",
        "jdbc:h2:mem:test                                  | jdbc:h2:mem:test",
        "jdbc:postgresql://db/vigil                        | jdbc:postgresql://db/vigil",
    })
    void makesFileUrlsFlushEveryCommit(String url, String expected) {
        assertThat(H2Durability.apply(url)).isEqualTo(expected);
    }
}
