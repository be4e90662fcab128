package dev.vigil.handoff;

import dev.vigil.notify.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Who each schedule had on call when Vigil last looked; changes are compare-and-set, so one node wins each. */
public interface HandoffStore {
    /** The users last recorded for the schedule; empty when it was never looked at. */
    Optional<List<String>> lastKnown(String scheduleId);

    /**
     * Records {@code after} if the schedule still has {@code before} recorded (empty: nothing recorded), and in
     * the same transaction gives {@code announce} the outbox. Returns false, changing nothing, when another node
     * got there first.
     */
    boolean change(String scheduleId, Optional<List<String>> before, List<String> after, Instant at,
                   Consumer<Outbox> announce);
}
