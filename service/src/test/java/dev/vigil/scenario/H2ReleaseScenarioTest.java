package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The release scenarios on an H2 file. */
class H2ReleaseScenarioTest extends ReleaseScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
