package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Handoff notices end to end (rules in test resources {@code handoff/}): the team's channel hears who is on call
 * when the daily rota hands over, a team that turned notices off hears nothing, and a handoff that happened
 * while Vigil was down is announced once after it starts. The test moves the clock and runs what is due; nothing
 * waits. Subclasses pick the database.
 */
abstract class HandoffScenarioTest {
    private static final Instant BEFORE_HANDOFF = Instant.parse("2026-11-22T08:59:00Z");

    abstract TestDatabase database();

    @Test
    void theChannelIsToldWhoIsOnCallAtEachHandoffOnceAcrossARestart() throws Exception {
        TestDatabase db = database();
        MutableClock clock = new MutableClock(BEFORE_HANDOFF);
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scenarios")), "handoff");
        try (FakeSlack slack = new FakeSlack()) {
            try (VigilHarness app = start(db, work, clock, slack)) {
                app.runDue();
                assertThat(recorded(db)).as("the first look at the schedule").isEqualTo("[\"alice\"]");
                assertThat(slack.messages()).as("the first look announces nothing").isEmpty();
                app.runDue(BEFORE_HANDOFF.plusSeconds(61));
                assertThat(toOps(slack)).as("the 09:00 handoff notice").hasSize(1);
                assertThat(toOps(slack).get(0).text()).isEqualTo(
                        "Bob Silva is on call for daily now — Until Mon 23 Nov 09:00 UTC. Before: Alice Kim.");
            }
            clock.set(BEFORE_HANDOFF.plus(Duration.ofDays(1)).plusSeconds(61));
            try (VigilHarness app = start(db, work, clock, slack)) {
                app.runDue();
                assertThat(toOps(slack)).as("the handoff that happened while Vigil was down").hasSize(2);
                assertThat(toOps(slack).get(1).text()).startsWith("Alice Kim is on call for daily now");
                app.runDue(clock.instant().plusSeconds(6));
                app.runDue(clock.instant().plus(Duration.ofHours(1)));
                assertThat(toOps(slack)).as("nothing is announced twice").hasSize(2);
            }
            assertThat(slack.messages()).extracting(FakeSlack.Message::channel).doesNotContain("C_QUIET");
        }
    }

    private static List<FakeSlack.Message> toOps(FakeSlack slack) {
        return slack.messages().stream().filter(m -> m.channel().equals("C_OPS")).toList();
    }

    /** Who the database says the schedule had on call when Vigil last looked; empty before the first look. */
    private static String recorded(TestDatabase db) {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT users FROM schedule_handoffs")) {
            return rs.next() ? rs.getString(1) : "";
        } catch (SQLException e) {
            return "";  // not migrated yet
        }
    }

    private static VigilHarness start(TestDatabase db, Path work, MutableClock clock, FakeSlack slack) {
        return new VigilHarness(db, "handoff", work, Map.of(), clock,
                ConfigOverride.config("slack.apiUrl", slack.apiUrl())).manualTicks().start();
    }
}
