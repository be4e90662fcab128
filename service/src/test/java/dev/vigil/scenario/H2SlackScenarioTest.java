package dev.vigil.scenario;

import dev.vigil.testing.TestDatabase;

/** The Slack scenarios on an H2 file. */
class H2SlackScenarioTest extends SlackScenarioTest {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
