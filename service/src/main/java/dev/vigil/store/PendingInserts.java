package dev.vigil.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Rows a transaction only adds and does not read back while it runs (timeline events, outbox messages), kept until
 * the transaction's work ends and then written as one batch per table: one round trip to the database instead of one
 * per row. Whoever reads those tables inside a transaction calls {@link #flush(Handle)} first. Outside a transaction
 * begun by {@link #inTransaction} rows are written at once.
 */
final class PendingInserts {
    private static final ThreadLocal<PendingInserts> CURRENT = new ThreadLocal<>();
    /** Insert statement → the rows waiting for it, in the order they were added. */
    private final Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();

    private PendingInserts() {
    }

    /**
     * Runs {@code work} in a transaction whose pending rows are written before it commits; one begun inside another
     * joins it (Jdbi hands the thread's handle to nested calls), and its rows are written with the outer one's.
     */
    static <T> T inTransaction(Jdbi jdbi, HandleCallback<T, RuntimeException> work) {
        if (CURRENT.get() != null) {
            return jdbi.inTransaction(work);
        }
        PendingInserts pending = new PendingInserts();
        CURRENT.set(pending);
        try {
            return jdbi.inTransaction(h -> {
                T result = work.withHandle(h);
                pending.write(h);
                return result;
            });
        } finally {
            CURRENT.remove();
        }
    }

    /** Adds a row to {@code insert} (named parameters): kept for the batch inside a transaction, else written now. */
    static void add(Handle h, String insert, Map<String, Object> row) {
        PendingInserts pending = CURRENT.get();
        if (pending == null) {
            h.createUpdate(insert).bindMap(row).execute();
        } else {
            pending.rows.computeIfAbsent(insert, k -> new ArrayList<>()).add(row);
        }
    }

    /** Writes what this thread's transaction holds now: before a read of a table rows may be waiting for. */
    static void flush(Handle h) {
        PendingInserts pending = CURRENT.get();
        if (pending != null) {
            pending.write(h);
        }
    }

    private void write(Handle h) {
        for (Map.Entry<String, List<Map<String, Object>>> e : rows.entrySet()) {
            if (e.getValue().size() == 1) {
                h.createUpdate(e.getKey()).bindMap(e.getValue().get(0)).execute();
                continue;
            }
            PreparedBatch batch = h.prepareBatch(e.getKey());
            e.getValue().forEach(row -> batch.bindMap(row).add());
            batch.execute();
        }
        rows.clear();
    }
}
