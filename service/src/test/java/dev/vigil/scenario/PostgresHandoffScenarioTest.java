package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The handoff notice scenario on PostgreSQL (embedded binaries). */
class PostgresHandoffScenarioTest extends HandoffScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
