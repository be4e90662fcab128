package dev.vigil.store;

import dev.vigil.handoff.HandoffStore;
import dev.vigil.notify.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * {@code schedule_handoffs}: one row per schedule, its users as a JSON array. A change is an UPDATE guarded by
 * the old value (or an INSERT guarded by the primary key), so of two nodes seeing the same handoff one writes it
 * and announces it, and the other changes nothing.
 */
public final class JdbiHandoffStore implements HandoffStore {
    private final Jdbi jdbi;

    public JdbiHandoffStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<List<String>> lastKnown(String scheduleId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT users FROM schedule_handoffs WHERE schedule_id = :id")
                .bind("id", scheduleId).mapTo(String.class).findOne().map(StoreJson::strings));
    }

    @Override
    public boolean change(String scheduleId, Optional<List<String>> before, List<String> after, Instant at,
                          Consumer<Outbox> announce) {
        try {
            return jdbi.inTransaction(h -> {
                int rows;
                if (before.isEmpty()) {
                    rows = h.createUpdate("INSERT INTO schedule_handoffs (schedule_id, users, changed_at) "
                                    + "VALUES (:id, :users, :at)")
                            .bind("id", scheduleId).bind("users", StoreJson.write(after))
                            .bind("at", at.toEpochMilli()).execute();
                } else {
                    rows = h.createUpdate("UPDATE schedule_handoffs SET users = :users, changed_at = :at "
                                    + "WHERE schedule_id = :id AND users = :before")
                            .bind("id", scheduleId).bind("users", StoreJson.write(after))
                            .bind("before", StoreJson.write(before.get())).bind("at", at.toEpochMilli()).execute();
                }
                if (rows == 1) {
                    announce.accept(message -> JdbiOutboxStore.insert(h, message));
                }
                return rows == 1;
            });
        } catch (UnableToExecuteStatementException e) {
            if (SqlStates.uniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }
}
