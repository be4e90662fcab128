package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The handoff notice scenario on H2 (file). */
class H2HandoffScenarioTest extends HandoffScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
