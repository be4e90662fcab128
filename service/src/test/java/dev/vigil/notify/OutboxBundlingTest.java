package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which waiting messages to one destination go out together, and what they become. */
class OutboxBundlingTest {
    private static IncidentNotice opened(long id) {
        return new IncidentNotice(id, "opened", "t" + id, "triggered", "page", "ops", Map.of(), "", "New incident");
    }

    private static IncidentUpdate acked(long id) {
        return new IncidentUpdate(new IncidentNotice(id, "acknowledged", "t" + id, "acknowledged", "page", "ops",
                Map.of(), "", "Acknowledged by alice"), "Acknowledged by alice");
    }

    private static List<OutboxMessage> queue(Notice... notices) {
        List<OutboxMessage> out = new ArrayList<>();
        for (int i = 0; i < notices.length; i++) {
            out.add(new OutboxMessage(i + 1, "C1", "#C1", notices[i], 0, Instant.EPOCH));
        }
        return out;
    }

    @Test
    void outsideAStormPostsGoTogetherAndUpdatesStayApartSoTheyAreMadeInPlace() {
        assertThat(OutboxDrainer.alike(queue(opened(1), opened(2), acked(1)))).hasSize(2);
        assertThat(OutboxDrainer.alike(queue(acked(1), acked(1), opened(2)))).hasSize(2);
        assertThat(OutboxDrainer.alike(queue(acked(1), acked(2)))).hasSize(1);
        StepNotice ended = new StepNotice(1, "p", "v", "s", "ops", "", true, "succeeded");
        assertThat(OutboxDrainer.alike(queue(ended, ended))).hasSize(1);
        BoardNotice b1 = new BoardNotice(7, "p", "v", List.of("a: running"));
        BoardNotice b2 = new BoardNotice(7, "p", "v", List.of("a: succeeded"));
        assertThat(OutboxDrainer.alike(queue(b1, b2, opened(3)))).hasSize(2);
        assertThat(OutboxDrainer.together(List.of(b1, b2))).isEqualTo(b2);
        Notice merged = OutboxDrainer.together(List.of(acked(1), acked(1)));
        assertThat(merged).isInstanceOf(IncidentUpdate.class);
        assertThat(((IncidentUpdate) merged).threadLine()).isEqualTo("Acknowledged by alice\nAcknowledged by alice");
    }

    @Test
    void inAStormEverythingWaitingGoesAsOneBundle() {
        List<Notice> storm = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            storm.add(i % 3 == 0 ? acked(i) : opened(i));
        }
        List<OutboxMessage> q = queue(storm.toArray(Notice[]::new));
        assertThat(OutboxDrainer.alike(q)).hasSize(12);
        assertThat(OutboxDrainer.together(storm)).isInstanceOf(BundleNotice.class);
    }

    @Test
    void aBundleHasOneLinePerIncidentOrStepWithItsLatestStateAndWhatHappenedFirstAndLast() {
        StepNotice ready = new StepNotice(4, "p", "v", "ingest", "ops", "", true);
        StepNotice ended = new StepNotice(4, "p", "v", "ingest", "ops", "", true, "failed");
        BundleNotice b = new BundleNotice(List.of(ready, opened(1), opened(2), acked(1), ended, acked(1)));
        assertThat(b.lines()).containsExactly(
                ready.title() + " — step_ready · step_failed",
                "#1 [page] t1 — opened · acknowledged (acknowledged)",
                "#2 [page] t2 — opened (triggered)");
        assertThat(BundleNotice.lineCount(List.of(ready, opened(1), opened(2), acked(1), ended, acked(1)))).isEqualTo(3);
        assertThat(b.title()).isEqualTo("6 updates about 2 incidents");
    }

    @Test
    void aBundleTakesNoMoreSubjectsThanItsNotifierCanNameAndTheRestWaitsForTheNextTurn() {
        List<OutboxMessage> q = queue(opened(1), acked(1), opened(2), acked(2), acked(1), opened(3), acked(3));
        assertThat(OutboxDrainer.fitting(q, 2)).extracting(OutboxMessage::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(OutboxDrainer.fitting(q, 1)).extracting(OutboxMessage::id).containsExactly(1L, 2L);
        assertThat(OutboxDrainer.fitting(q, 3)).isEqualTo(q);
        assertThat(OutboxDrainer.fitting(q, Integer.MAX_VALUE)).isEqualTo(q);
    }
}
