package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The Saturday-night escalation scenario on PostgreSQL (embedded binaries). */
class PostgresSaturdayNightScenarioTest extends SaturdayNightScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
