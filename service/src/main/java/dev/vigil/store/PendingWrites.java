package dev.vigil.store;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * Writes a transaction makes without needing their result (timeline events, outbox messages, an incident's new
 * state, a step's report), kept in order until a statement that must follow them or the commit, then sent
 * together: on PostgreSQL as one multi-statement round trip (with the {@code COMMIT} at the end), elsewhere one batch
 * per run of the same statement. Any write on the transaction's handle, and any query naming a table one of them
 * writes, first sends what is waiting (a customizer on the handle), so every read and every immediate write sees the
 * earlier writes, in the order they were made. A failure in any of them fails the transaction, as it would have
 * sent alone. Outside a transaction begun by {@link #inTransaction} a write is made at once.
 */
final class PendingWrites {
    private static final ThreadLocal<PendingWrites> CURRENT = new ThreadLocal<>();
    /** Statements sent in one round trip at most: a bound on the statement's size and its parameters. */
    private static final int PER_ROUND_TRIP = 64;
    private static final Pattern NAMED = Pattern.compile("(?<![:\\w]):(\\w+)");
    private static final Pattern TABLE = Pattern.compile("^(?:INSERT INTO|UPDATE|DELETE FROM)\\s+(\\w+)");
    private static final Pattern SELECT = Pattern.compile("^\\s*SELECT\\b", Pattern.CASE_INSENSITIVE);
    /** What is known of each waiting statement's text, worked out once: a fixed set of Vigil's own statements. */
    private static final Map<String, Shape> SHAPES = new ConcurrentHashMap<>();
    /** Sends the waiting writes before any other statement on a handle with some (a query only if it needs them). */
    private static final StatementCustomizer SEND_FIRST = new StatementCustomizer() {
        @Override
        public void beforeTemplating(PreparedStatement stmt, StatementContext ctx) {
            PendingWrites pending = CURRENT.get();
            if (pending != null && !pending.sending && ctx.getConnection() == pending.h.getConnection()
                    && pending.neededBy(ctx.getRawSql())) {
                pending.send(false);
            }
        }
    };

    private static final String SEND_FIRST_ADDED = "vigil.pendingWrites";

    /** A waiting write: its statement and its parameters. */
    private record Write(Shape shape, Map<String, Object> row) {
        String sql() {
            return shape.sql();
        }
    }

    /**
     * A statement's text, the table it writes ("" when not an insert, update or delete) and its text with each
     * parameter {@code :name} renamed {@code :w<place>_name} for each place in a round trip (made when first needed).
     */
    private record Shape(String sql, String table, String[] renamed) {
        static Shape of(String sql) {
            Matcher table = TABLE.matcher(sql);
            return new Shape(sql, table.find() ? table.group(1) : "", new String[PER_ROUND_TRIP]);
        }

        String renamed(int place) {
            String out = renamed[place];
            if (out == null) {
                out = NAMED.matcher(sql).replaceAll(":w" + place + "_$1");
                renamed[place] = out;
            }
            return out;
        }
    }

    private final Handle h;
    private final boolean postgres;
    private final List<Write> writes = new ArrayList<>();
    private boolean sending;

    private PendingWrites(Handle h, boolean postgres) {
        this.h = h;
        this.postgres = postgres;
    }

    /**
     * Runs {@code work} in a transaction whose waiting writes are sent before it commits; one begun inside another
     * joins it (Jdbi hands the thread's handle to nested calls), and its writes go with the outer one's. On
     * PostgreSQL, when this call began the transaction, its last writes carry the {@code COMMIT} in their round
     * trip; the driver's commit then has nothing left to do (it sends nothing when no transaction is open).
     */
    static <T> T inTransaction(Jdbi jdbi, HandleCallback<T, RuntimeException> work) {
        if (CURRENT.get() != null) {
            return jdbi.inTransaction(work);
        }
        return jdbi.withHandle(outer -> {
            boolean begins = !outer.isInTransaction();
            return outer.inTransaction(h -> {
                PendingWrites pending = new PendingWrites(h, Databases.postgres(h));
                if (h.getConfig(SqlStatements.class).getAttribute(SEND_FIRST_ADDED) == null) {
                    h.addCustomizer(SEND_FIRST).define(SEND_FIRST_ADDED, Boolean.TRUE); // once per handle
                }
                CURRENT.set(pending);
                try {
                    T result = work.withHandle(h);
                    pending.send(begins && pending.postgres);
                    return result;
                } finally {
                    CURRENT.remove();
                }
            });
        });
    }

    /** Makes {@code sql} (named parameters) with {@code row}: kept for later inside a transaction, else made now. */
    static void add(Handle h, String sql, Map<String, Object> row) {
        PendingWrites pending = CURRENT.get();
        if (pending == null || pending.h.getConnection() != h.getConnection()) {
            h.createUpdate(sql).bindMap(row).execute();
        } else {
            pending.writes.add(new Write(SHAPES.computeIfAbsent(sql, Shape::of), row));
        }
    }

    /**
     * Sends what this thread's transaction has waiting now: before something that is not a statement, such as a
     * savepoint, which the waiting writes must come before.
     */
    static void flush(Handle h) {
        PendingWrites pending = CURRENT.get();
        if (pending != null && pending.h.getConnection() == h.getConnection()) {
            pending.send(false);
        }
    }

    /**
     * Whether {@code sql} must come after the waiting writes: every write does (their order is kept), and a query
     * that names a table one of them writes; a query of other tables cannot see them, so it need not wait.
     */
    private boolean neededBy(String sql) {
        if (writes.isEmpty()) {
            return false;
        }
        if (!SELECT.matcher(sql).find()) {
            return true;
        }
        for (Write w : writes) {
            if (w.shape().table().isEmpty() || mentions(sql, w.shape().table())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} is a word of {@code sql}. */
    static boolean mentions(String sql, String name) {
        for (int at = sql.indexOf(name); at >= 0; at = sql.indexOf(name, at + 1)) {
            int end = at + name.length();
            if ((at == 0 || !word(sql.charAt(at - 1))) && (end == sql.length() || !word(sql.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Sends what waits; {@code commit} (PostgreSQL only): with the transaction's {@code COMMIT} after it. */
    private void send(boolean commit) {
        if (writes.isEmpty()) {
            return;
        }
        sending = true;
        try {
            if (postgres) {
                for (int from = 0; from < writes.size(); from += PER_ROUND_TRIP) {
                    int to = Math.min(writes.size(), from + PER_ROUND_TRIP);
                    sendTogether(writes.subList(from, to), commit && to == writes.size());
                }
            } else {
                int from = 0;
                while (from < writes.size()) {
                    int to = from + 1;
                    while (to < writes.size() && writes.get(to).sql().equals(writes.get(from).sql())) {
                        to++;
                    }
                    sendBatch(writes.subList(from, to));
                    from = to;
                }
            }
        } finally {
            writes.clear();
            sending = false;
        }
    }

    /**
     * PostgreSQL: the statements joined by {@code ;}, each one's parameters renamed apart, in one round trip, and the
     * transaction's {@code COMMIT} last when {@code commit}.
     */
    private void sendTogether(List<Write> part, boolean commit) {
        if (part.size() == 1 && !commit) {
            h.createUpdate(part.get(0).sql()).bindMap(part.get(0).row()).execute();
            return;
        }
        StringBuilder sql = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < part.size(); i++) {
            String prefix = "w" + i + "_";
            sql.append(i == 0 ? "" : ";\n").append(part.get(i).shape().renamed(i));
            part.get(i).row().forEach((k, v) -> params.put(prefix + k, v));
        }
        if (commit) {
            sql.append(";\nCOMMIT");
        }
        h.createUpdate(sql.toString()).bindMap(params).execute();
    }

    /** The same statement for every row: one execution, or one batch. */
    private void sendBatch(List<Write> run) {
        if (run.size() == 1) {
            h.createUpdate(run.get(0).sql()).bindMap(run.get(0).row()).execute();
            return;
        }
        PreparedBatch batch = h.prepareBatch(run.get(0).sql());
        run.forEach(w -> batch.bindMap(w.row()).add());
        batch.execute();
    }
}
