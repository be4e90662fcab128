package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The release scenarios on PostgreSQL (embedded binaries). */
class PostgresReleaseScenarioTest extends ReleaseScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
