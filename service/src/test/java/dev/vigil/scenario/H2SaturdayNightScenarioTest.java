package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The Saturday-night escalation scenario on H2 (file). */
class H2SaturdayNightScenarioTest extends SaturdayNightScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
