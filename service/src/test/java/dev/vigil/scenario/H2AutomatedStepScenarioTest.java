package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The automated-step scenarios on an H2 file. */
class H2AutomatedStepScenarioTest extends AutomatedStepScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
