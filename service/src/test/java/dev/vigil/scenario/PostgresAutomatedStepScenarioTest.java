package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The automated-step scenarios on PostgreSQL (embedded binaries). */
class PostgresAutomatedStepScenarioTest extends AutomatedStepScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
