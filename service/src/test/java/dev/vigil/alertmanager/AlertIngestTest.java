package dev.vigil.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alertmanager's rules for posted alerts: validation one by one, start and end times, resolution by endsAt. */
class AlertIngestTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Alert> handedOn = new ArrayList<>();
    private final AlertIngest ingest = new AlertIngest(handedOn::add, clock);

    private static AlertIngest.Postable alert(Map<String, String> labels, String startsAt, String endsAt) {
        return new AlertIngest.Postable(labels, Map.of("summary", "disk full"), startsAt, endsAt, "http://prom/graph");
    }

    @Test
    void eachAlertIsValidatedOnItsOwnTheValidOnesAreTakenAndTheOthersReportedInAlertmanagersWords() {
        Map<String, String> empty = new LinkedHashMap<>();
        empty.put("alertname", "");
        List<String> errors = ingest.post(List.of(
                alert(Map.of("alertname", "DiskFull", "service", "db"), null, null),
                alert(Map.of(), null, null),
                alert(empty, null, null),
                alert(Map.of("alertname", "X", "0bad", "v"), null, null),
                alert(Map.of("alertname", "Y"), "2026-12-01T10:00:00Z", "2026-12-01T09:00:00Z"),
                alert(Map.of("alertname", "Z"), "yesterday", null),
                alert(Map.of("service", "db"), null, null)));
        assertThat(errors).containsExactly(
                "at least one label pair required",
                "at least one label pair required", // a label with an empty value is no label
                "invalid label set: invalid name \"0bad\"",
                "start time must be before end time",
                "startsAt: \"yesterday\" is not an RFC 3339 time",
                "invalid label set: alertname missing (Vigil requires it) in {service=\"db\"}");
        assertThat(handedOn).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("DiskFull");
            assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            assertThat(a.at()).as("no startsAt: now").isEqualTo(NOW);
        });
        assertThat(ingest.posted(handedOn.get(0).fingerprint()).orElseThrow().endsAt())
                .as("no endsAt: resolve_timeout from now").isEqualTo(NOW.plus(AlertIngest.RESOLVE_TIMEOUT));
    }

    @Test
    void aResendThatChangesNothingIsNotHandedOnAChangeAndAResolveAre() {
        Map<String, String> labels = Map.of("alertname", "DiskFull", "service", "db");
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(ingest.post(List.of(alert(labels, "2026-12-01T09:59:00Z",
                    clock.instant().plus(Duration.ofMinutes(4)).toString())))).isEmpty();
        }
        assertThat(handedOn).hasSize(1);
        ingest.post(List.of(new AlertIngest.Postable(labels, Map.of("summary", "disk 99% full"), null, null, "")));
        assertThat(handedOn).hasSize(2);
        assertThat(handedOn.get(1).annotations()).containsEntry("summary", "disk 99% full");

        // Prometheus resolves by sending endsAt at the time it resolved, and goes on sending it for a while.
        String resolvedAt = clock.instant().minusSeconds(10).toString();
        ingest.post(List.of(alert(labels, "2026-12-01T09:59:00Z", resolvedAt)));
        ingest.post(List.of(alert(labels, "2026-12-01T09:59:00Z", resolvedAt)));
        assertThat(handedOn.subList(2, 4)).allSatisfy(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(a.at()).isEqualTo(Instant.parse(resolvedAt));
        });
        assertThat(ingest.posted(handedOn.get(0).fingerprint())).isEmpty();
    }

    @Test
    void anAlertNotSentAgainResolvesWhenItsEndsAtPasses() {
        ingest.post(List.of(alert(Map.of("alertname", "DiskFull"), null, NOW.plus(Duration.ofMinutes(4)).toString()),
                alert(Map.of("alertname", "Other"), null, null)));
        clock.advance(Duration.ofMinutes(3));
        assertThat(ingest.expire()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(ingest.expire()).isEqualTo(1);
        assertThat(handedOn.get(2).name()).isEqualTo("DiskFull");
        assertThat(handedOn.get(2).state()).isEqualTo(Alert.State.RESOLVED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(ingest.expire()).as("resolve_timeout for the one without endsAt").isEqualTo(1);
        assertThat(ingest.expire()).isZero();
    }

    @Test
    void goZeroTimesMeanNotSet() {
        ingest.post(List.of(alert(Map.of("alertname", "A"), "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z")));
        assertThat(handedOn).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            assertThat(a.at()).isEqualTo(NOW);
        });
    }

    @Test
    void afterARestartAnAlertNobodyPostsAgainWithinTheResolveTimeoutResolvesAndOneThatIsPostedStays() {
        Map<String, dev.vigil.label.Labels> db = new LinkedHashMap<>();
        IngestedAlerts store = new IngestedAlerts() {
            @Override
            public void remember(String fingerprint, dev.vigil.label.Labels labels, Instant at) {
                db.put(fingerprint, labels);
            }

            @Override
            public void forget(String fingerprint) {
                db.remove(fingerprint);
            }

            @Override
            public List<dev.vigil.label.Labels> all() {
                return List.copyOf(db.values());
            }
        };
        AlertIngest before = new AlertIngest(handedOn::add, clock, store);
        String in4m = NOW.plus(Duration.ofMinutes(4)).toString();
        before.post(List.of(alert(Map.of("alertname", "Gone"), null, in4m), alert(Map.of("alertname", "Kept"), null, in4m),
                alert(Map.of("alertname", "Done"), null, in4m)));
        before.post(List.of(alert(Map.of("alertname", "Done"), null, NOW.toString())));
        assertThat(db).hasSize(2).as("a resolved alert is forgotten");

        // The node restarts: what it had in memory is gone; Prometheus goes on posting Kept, not Gone.
        clock.advance(Duration.ofMinutes(1));
        AlertIngest after = new AlertIngest(handedOn::add, clock, store);
        handedOn.clear();
        for (int m = 0; m < 5; m++) {
            after.post(List.of(alert(Map.of("alertname", "Kept"), null, clock.instant().plus(Duration.ofMinutes(4)).toString())));
            assertThat(after.expire()).isZero();
            clock.advance(Duration.ofSeconds(59));
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(after.expire()).isEqualTo(1);
        assertThat(handedOn).filteredOn(a -> a.state() == Alert.State.RESOLVED).singleElement()
                .satisfies(a -> assertThat(a.name()).isEqualTo("Gone"));
        assertThat(db.values()).extracting(l -> l.get("alertname")).containsExactly("Kept");
        assertThat(after.expire()).as("once").isZero();
    }

    @Test
    void aLabelSetOrAnnotationsLargerThanVigilKeepsAreRefusedNamingWhich() {
        List<String> errors = ingest.post(List.of(
                alert(Map.of("alertname", "A", "url", "x".repeat(2000)), null, null),
                new AlertIngest.Postable(Map.of("alertname", "B"), Map.of("description", "y".repeat(60_000)), null, null,
                        "")));
        assertThat(errors).containsExactly(
                "invalid label set: longer than 1500 characters written out (Vigil keeps at most that)",
                "invalid annotations: longer than 50000 characters in all (Vigil keeps at most that)");
        assertThat(handedOn).isEmpty();
    }
}
