package dev.vigil.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.label.Matcher;
import dev.vigil.silence.Silence;
import dev.vigil.silence.SilenceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Silences and their audit trail in the database. */
public final class JdbiSilenceStore implements SilenceStore {
    private static final String COLUMNS = "id, matchers, starts_at, ends_at, created_by, comment, updated_at";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, String>>> MATCHERS = new TypeReference<>() {
    };
    private final Jdbi jdbi;

    public JdbiSilenceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void put(Silence s, String what, String by, Instant at) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("UPDATE silences SET matchers = :matchers, starts_at = :starts, ends_at = :ends, "
                            + "created_by = :createdBy, comment = :comment, updated_at = :updated WHERE id = :id")
                    .bindMap(row(s)).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO silences (" + COLUMNS + ") VALUES (:id, :matchers, :starts, :ends, "
                        + ":createdBy, :comment, :updated)").bindMap(row(s)).execute();
            }
            h.createUpdate("INSERT INTO silence_events (silence_id, happened_at, actor, body) VALUES (:id, :at, :by, :what)")
                    .bind("id", s.id()).bind("at", at.toEpochMilli()).bind("by", by).bind("what", what).execute();
        });
    }

    private static Map<String, Object> row(Silence s) {
        return Map.of("id", s.id(), "matchers", write(s.matchers()), "starts", s.startsAt().toEpochMilli(),
                "ends", s.endsAt().toEpochMilli(), "createdBy", s.createdBy(), "comment", s.comment(),
                "updated", s.updatedAt().toEpochMilli());
    }

    @Override
    public Optional<Silence> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM silences WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> silence(rs)).findOne());
    }

    @Override
    public List<Silence> all(Instant keepExpiredSince) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM silences WHERE ends_at >= :since")
                .bind("since", keepExpiredSince.toEpochMilli()).map((rs, ctx) -> silence(rs)).list());
    }

    @Override
    public List<String> history(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT body FROM silence_events WHERE silence_id = :id ORDER BY id")
                .bind("id", id).mapTo(String.class).list());
    }

    private static Silence silence(ResultSet rs) throws SQLException {
        return new Silence(rs.getString(1), read(rs.getString(2)), Instant.ofEpochMilli(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)));
    }

    private static String write(List<Matcher> matchers) {
        try {
            return JSON.writeValueAsString(matchers.stream()
                    .map(m -> Map.of("name", m.name(), "op", m.op().symbol(), "value", m.value())).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Matcher> read(String json) {
        try {
            return JSON.readValue(json, MATCHERS).stream().map(m -> Matcher.of(m.get("name"), op(m.get("op")),
                    m.get("value"))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Matcher.Op op(String symbol) {
        for (Matcher.Op op : Matcher.Op.values()) {
            if (op.symbol().equals(symbol)) {
                return op;
            }
        }
        throw new IllegalStateException("stored matcher operator " + symbol);
    }
}
