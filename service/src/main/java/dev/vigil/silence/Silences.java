package dev.vigil.silence;

import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Creating, updating, expiring and finding silences with Alertmanager 0.25's rules ({@code silence/silence.go} and its
 * API's {@code postSilencesHandler}), and saying which silences mute an alert now.
 */
public final class Silences {
    /** How long an expired silence is kept, as Alertmanager's default {@code --data.retention}. */
    public static final Duration RETENTION = Duration.ofDays(5);
    private final SilenceStore store;
    private final InstantSource clock;

    /** What was wrong with a silence: Alertmanager's words; {@code notFound} for an id there is no silence with. */
    public static final class Refused extends RuntimeException {
        private final boolean notFound;

        Refused(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    /** Silences declared in rules/ ({@code silences:}): listed and muting like the others, changed only there. */
    private final java.util.function.Supplier<List<Silence>> declared;

    public Silences(SilenceStore store, InstantSource clock) {
        this(store, clock, List::of);
    }

    public Silences(SilenceStore store, InstantSource clock, java.util.function.Supplier<List<Silence>> declared) {
        this.store = store;
        this.clock = clock;
        this.declared = declared;
    }

    private Optional<Silence> declared(String id) {
        return declared.get().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    private static Refused inRules(Silence s) {
        return new Refused("silence " + s.id() + " is declared in rules/ (" + s.createdBy() + "): change it there", false);
    }

    /**
     * How long the silences read for muting are reused: every incident that opens asks which silences mute it, and a
     * read per incident costs a storm's throughput. Changes made on this node take effect at once; those made on
     * another node of a cluster within this long.
     */
    static final Duration CACHED = Duration.ofSeconds(1);
    private record Cached(List<Silence> silences, long readAt) {
    }

    private volatile Cached cached;

    /** The stored silences that had not ended a moment ago, read at most once per {@link #CACHED}. */
    private List<Silence> unexpired() {
        Cached c = cached;
        long now = System.nanoTime();
        if (c == null || now - c.readAt() > CACHED.toNanos()) {
            c = new Cached(store.all(clock.instant().minus(CACHED)), now);
            cached = c;
        }
        return c.silences();
    }

    /** The stored silences not expired before {@code since}, then the declared ones. */
    private List<Silence> all(Instant since) {
        List<Silence> out = new java.util.ArrayList<>(store.all(since));
        declared.get().stream().filter(s -> !s.endsAt().isBefore(since)).forEach(out::add);
        return out;
    }

    /**
     * Creates a silence, or changes the one {@code id} names: in place when only its end and comment change (and its
     * start, while pending), otherwise by expiring it and creating a new one, as Alertmanager does. Returns the id.
     */
    public String set(Optional<String> id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment, String by) {
        Instant now = clock.instant();
        if (!startsAt.isBefore(endsAt)) {
            throw new Refused("Failed to create silence: start time must be before end time", false);
        }
        if (endsAt.isBefore(now)) {
            throw new Refused("Failed to create silence: end time can't be in the past", false);
        }
        if (matchers.isEmpty()) {
            throw new Refused("at least one matcher required", false);
        }
        if (matchers.stream().allMatch(m -> m.matches(Labels.empty()))) {
            throw new Refused("at least one matcher must not match the empty string", false);
        }
        Instant starts = startsAt.isBefore(now) ? now : startsAt;
        if (id.isPresent() && declared(id.get()).isPresent()) {
            throw inRules(declared(id.get()).get());
        }
        if (id.isPresent()) {
            Silence old = store.find(id.get()).orElseThrow(() -> new Refused("silence not found", true));
            Silence wanted = new Silence(old.id(), matchers, starts, endsAt, createdBy, comment, now);
            if (canUpdate(old, wanted, now)) {
                Silence kept = old.state(now) == Silence.State.ACTIVE ? wanted.withTimes(old.startsAt(), endsAt, now) : wanted;
                put(kept, "changed by " + by + ": " + describe(kept), by, now);
                return old.id();
            }
            expire(old, now, by, "expired by " + by + " (replaced)");
        }
        Silence created = new Silence(UUID.randomUUID().toString(), matchers, starts, endsAt, createdBy, comment, now);
        put(created, "created by " + by + ": " + describe(created), by, now);
        return created.id();
    }

    /** Alertmanager's {@code canUpdate}: the same matchers, not expired, and an active silence keeps its start. */
    private static boolean canUpdate(Silence old, Silence wanted, Instant now) {
        if (!old.matchers().equals(wanted.matchers())) {
            return false;
        }
        return switch (old.state(now)) {
            case EXPIRED -> false;
            case ACTIVE -> !wanted.endsAt().isBefore(now);
            case PENDING -> !wanted.startsAt().isBefore(now);
        };
    }

    /** Ends a silence now (a pending one never starts); an expired one stays as it is. */
    public Silence expire(String id, String by) {
        Instant now = clock.instant();
        Optional<Silence> inRules = declared(id);
        if (inRules.isPresent()) {
            throw inRules(inRules.get());
        }
        Silence s = store.find(id).orElseThrow(() -> new Refused("silence not found", true));
        return expire(s, now, by, "expired by " + by);
    }

    private Silence expire(Silence s, Instant now, String by, String what) {
        Silence ended = switch (s.state(now)) {
            case EXPIRED -> s;
            case ACTIVE -> s.withTimes(s.startsAt(), now, now);
            case PENDING -> s.withTimes(now, now, now);
        };
        if (ended != s) {
            put(ended, what, by, now);
        }
        return ended;
    }

    private void put(Silence s, String what, String by, Instant now) {
        store.put(s, what, by, now);
        cached = null; // this node's change mutes (or stops muting) at once
    }

    public Optional<Silence> find(String id) {
        return store.find(id).or(() -> declared(id));
    }

    /**
     * The silences kept (expired ones for {@link #RETENTION}) whose matchers satisfy every filter matcher, as
     * Alertmanager filters them: active first (soonest to end first), then pending, then expired (latest first).
     */
    public List<Silence> list(List<Matcher> filter) {
        Instant now = clock.instant();
        return all(now.minus(RETENTION)).stream()
                .filter(s -> {
                    Labels own = Labels.of(s.matchers().stream().collect(Collectors.toMap(Matcher::name, Matcher::value,
                            (a, b) -> b)));
                    return filter.stream().allMatch(f -> own.has(f.name()) && f.matches(own));
                })
                .sorted(Comparator.<Silence>comparingInt(s -> order(s.state(now))).thenComparing((a, b) ->
                        switch (a.state(now)) { // b is in the same state
                            case ACTIVE -> a.endsAt().compareTo(b.endsAt());
                            case PENDING -> a.startsAt().compareTo(b.startsAt());
                            case EXPIRED -> b.endsAt().compareTo(a.endsAt());
                        }))
                .toList();
    }

    private static int order(Silence.State s) {
        return switch (s) {
            case ACTIVE -> 0;
            case PENDING -> 1;
            case EXPIRED -> 2;
        };
    }

    /** Whether any silence, made or declared, has not expired: whether silences could mute anything now. */
    public boolean anyUnexpired() {
        return !unexpired().isEmpty() || !declared.get().isEmpty();
    }

    /** The ids of the silences muting an alert with these labels now, each with why: empty when none does. */
    public Map<String, String> muting(Labels labels) {
        Instant now = clock.instant();
        List<Silence> candidates = new java.util.ArrayList<>(unexpired());
        candidates.addAll(declared.get());
        return candidates.stream().filter(s -> s.mutes(labels, now))
                .collect(Collectors.toMap(Silence::id, Silences::describe, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    public List<String> history(String id) {
        return store.history(id);
    }

    static String describe(Silence s) {
        return s.matchers().stream().map(Matcher::toString).collect(Collectors.joining(", ", "{", "}"))
                + " until " + s.endsAt() + (s.comment().isEmpty() ? "" : " (" + s.comment() + ")");
    }
}
