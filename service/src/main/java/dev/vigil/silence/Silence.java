package dev.vigil.silence;

import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import java.time.Instant;
import java.util.List;

/**
 * A silence as Alertmanager has it: alerts whose labels match every matcher between {@code startsAt} and
 * {@code endsAt} page nobody. {@code createdBy} and {@code comment} say who and why.
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment, Instant updatedAt) {
    public Silence {
        matchers = List.copyOf(matchers);
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
    }

    /** Alertmanager's silence states. */
    public enum State {
        PENDING, ACTIVE, EXPIRED;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public State state(Instant now) {
        return now.isBefore(startsAt) ? State.PENDING : now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
    }

    /** Whether this silence mutes an alert with these labels at {@code now}. */
    public boolean mutes(Labels labels, Instant now) {
        return state(now) == State.ACTIVE && matchers.stream().allMatch(m -> m.matches(labels));
    }

    public Silence withTimes(Instant starts, Instant ends, Instant updated) {
        return new Silence(id, matchers, starts, ends, createdBy, comment, updated);
    }
}
