package dev.vigil.alertmanager;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertSink;
import dev.vigil.label.Fingerprint;
import dev.vigil.label.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Alerts posted as to an Alertmanager ({@code POST /api/v2/alerts}): each is validated on its own, as Alertmanager 0.25
 * does (the valid ones are taken, the others reported), and an alert resolves when its {@code endsAt} passes without
 * a re-send. Prometheus re-sends every firing alert each evaluation with {@code endsAt} a few intervals ahead: a re-send
 * that changes nothing is answered from memory, without touching the database; a new alert, a changed one and a
 * resolve go to the alert pipeline, whose transaction has committed when {@link #post} returns.
 */
public final class AlertIngest {
    /** Alertmanager's {@code resolve_timeout}: how long an alert posted without {@code endsAt} stays firing. */
    public static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(5);
    /** The longest label set, written out, that the incident tables hold. */
    static final int MAX_LABELS = 1500;
    /** The most annotation text one alert may carry. */
    static final int MAX_ANNOTATIONS = 50_000;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Go's zero time, which Alertmanager's clients send for "not set". */
    private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private final AlertSink sink;
    private final InstantSource clock;
    /** Firing alerts posted here, by fingerprint: what a re-send is compared with, and when each ends. */
    private final Map<String, Posted> firing = new ConcurrentHashMap<>();

    /** An alert as posted: {@code startsAt}, {@code endsAt} as RFC 3339 text, either may be absent. */
    public record Postable(Map<String, String> labels, Map<String, String> annotations, String startsAt, String endsAt,
                           String generatorURL) {
    }

    /** A firing alert as last posted, and when it ends unless posted again. */
    public record Posted(Alert alert, Instant startsAt, Instant endsAt, Instant updatedAt, String generatorURL) {
    }

    private final IngestedAlerts remembered;
    /** When this node started taking alerts: after {@link #RESOLVE_TIMEOUT} from then, forgotten ones are resolved. */
    private final Instant started;
    private volatile boolean swept;

    public AlertIngest(AlertSink sink, InstantSource clock) {
        this(sink, clock, IngestedAlerts.NONE);
    }

    /** {@code remembered} keeps which alerts fire across a restart of this node. */
    public AlertIngest(AlertSink sink, InstantSource clock, IngestedAlerts remembered) {
        this.sink = sink;
        this.clock = clock;
        this.remembered = remembered;
        this.started = clock.instant();
    }

    /**
     * Takes every valid alert of a batch; returns the errors of the others, one per alert, in Alertmanager's words
     * (empty when all were valid).
     */
    public List<String> post(List<Postable> alerts) {
        Instant now = clock.instant();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            Postable p = alerts.get(i);
            try {
                take(p == null ? new Postable(null, null, null, null, null) : p, now);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    private void take(Postable p, Instant now) {
        Instant endsAt = time(p.endsAt(), "endsAt");
        Instant startsAt = time(p.startsAt(), "startsAt");
        if (startsAt == null) {
            startsAt = endsAt == null ? now : endsAt;
        }
        if (endsAt == null) {
            endsAt = now.plus(RESOLVE_TIMEOUT);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (p.labels() != null) {
            p.labels().forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    labels.put(k, v); // Alertmanager drops labels with empty values
                }
            });
        }
        if (endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("start time must be before end time");
        }
        labels.forEach((k, v) -> {
            if (!LABEL_NAME.matcher(k).matches()) {
                throw new IllegalArgumentException("invalid label set: invalid name \"" + k + "\"");
            }
        });
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("at least one label pair required");
        }
        Map<String, String> annotations = p.annotations() == null ? Map.of() : p.annotations();
        annotations.forEach((k, v) -> {
            if (!LABEL_NAME.matcher(k).matches()) {
                throw new IllegalArgumentException("invalid annotations: invalid name \"" + k + "\"");
            }
        });
        // What the incident tables hold (a group's key is made of its labels): Alertmanager has no such limit.
        if (Labels.of(labels).toString().length() > MAX_LABELS) {
            throw new IllegalArgumentException("invalid label set: longer than " + MAX_LABELS
                    + " characters written out (Vigil keeps at most that)");
        }
        if (annotations.entrySet().stream().mapToLong(e -> e.getKey().length()
                + (e.getValue() == null ? 0 : e.getValue().length())).sum() > MAX_ANNOTATIONS) {
            throw new IllegalArgumentException("invalid annotations: longer than " + MAX_ANNOTATIONS
                    + " characters in all (Vigil keeps at most that)");
        }
        if (!labels.containsKey("alertname")) {
            // Vigil names every incident after its alert; Alertmanager would take it.
            throw new IllegalArgumentException("invalid label set: alertname missing (Vigil requires it) in "
                    + Labels.of(labels));
        }
        Map<String, String> notes = new LinkedHashMap<>();
        annotations.forEach((k, v) -> notes.put(k, v == null ? "" : v));
        Labels set = Labels.of(labels);
        String fingerprint = Fingerprint.of(set);
        String generator = p.generatorURL() == null ? "" : p.generatorURL();
        if (!endsAt.isAfter(now)) {
            firing.remove(fingerprint);
            // Always handed on: a repeated resolve is harmless, and one that failed before is tried again.
            sink.receive(new Alert(set, notes, Alert.State.RESOLVED, endsAt));
            remembered.forget(fingerprint);
            return;
        }
        Alert alert = new Alert(set, notes, Alert.State.FIRING, startsAt);
        Posted before = firing.get(fingerprint);
        if (before == null || !before.alert().annotations().equals(alert.annotations())) {
            sink.receive(alert);
        }
        if (before == null) {
            remembered.remember(fingerprint, set, now); // the first post since this node started
        }
        firing.put(fingerprint, new Posted(alert, startsAt, endsAt, now, generator));
    }

    /**
     * Resolves the alerts whose {@code endsAt} has passed without a re-send; once, {@link #RESOLVE_TIMEOUT} after this
     * node started, also those remembered from before a restart that nobody posted since. Returns how many.
     */
    public int expire() {
        Instant now = clock.instant();
        int n = 0;
        for (Map.Entry<String, Posted> e : firing.entrySet()) {
            Posted p = e.getValue();
            if (!p.endsAt().isAfter(now) && firing.remove(e.getKey(), p)) {
                sink.receive(new Alert(p.alert().labels(), p.alert().annotations(), Alert.State.RESOLVED, p.endsAt()));
                remembered.forget(e.getKey());
                n++;
            }
        }
        if (!swept && !now.isBefore(started.plus(RESOLVE_TIMEOUT))) {
            for (Labels labels : remembered.all()) {
                String fingerprint = Fingerprint.of(labels);
                if (!firing.containsKey(fingerprint)) {
                    sink.receive(new Alert(labels, Map.of(), Alert.State.RESOLVED, now));
                    remembered.forget(fingerprint);
                    n++;
                }
            }
            swept = true;
        }
        return n;
    }

    /** What was last posted for a firing alert, by fingerprint. */
    public Optional<Posted> posted(String fingerprint) {
        return Optional.ofNullable(firing.get(fingerprint));
    }

    /** A posted time: null when absent or Go's zero time; an error that names the field when malformed. */
    private static Instant time(String text, String field) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                    + "\" is not an RFC 3339 time");
        }
        return Objects.equals(t, GO_ZERO) || t.isBefore(GO_ZERO.plusSeconds(1)) ? null : t;
    }
}
