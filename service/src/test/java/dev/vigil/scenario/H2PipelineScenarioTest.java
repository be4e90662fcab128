package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The pipeline scenarios on the embedded default database, an H2 file. */
class H2PipelineScenarioTest extends PipelineScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
