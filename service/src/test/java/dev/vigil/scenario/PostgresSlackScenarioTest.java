package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The Slack scenarios on PostgreSQL (embedded binaries). */
class PostgresSlackScenarioTest extends SlackScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
