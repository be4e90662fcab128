package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The pipeline scenarios on PostgreSQL (embedded binaries). */
class PostgresPipelineScenarioTest extends PipelineScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
