package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.escalation.EscalationState;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentStatus;
import dev.vigil.label.Labels;
import dev.vigil.store.JdbiIncidentStore;
import dev.vigil.store.JdbiOutboxStore;
import dev.vigil.store.Migrations;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drainer on a real outbox: parallel destinations, pacing and bundles, giving up on unknown answers. */
class OutboxDrainerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicLong ticker = new AtomicLong();
    private final List<Send> sends = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService pool = Executors.newFixedThreadPool(OutboxDrainer.PARALLEL);
    private JdbiIncidentStore incidents;
    private JdbiOutboxStore outbox;

    /** One call to the notifier. */
    record Send(String destination, Notice notice) {
    }

    @BeforeEach
    void migrate() {
        DataSource ds = TestDatabase.h2().dataSource();
        Migrations.migrate(ds);
        Jdbi jdbi = Jdbi.create(ds);
        incidents = new JdbiIncidentStore(jdbi);
        outbox = new JdbiOutboxStore(jdbi);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aStormIntoOneChannelReachesItAsAFewPacedMessagesThatNameEveryIncidentWhileOthersAreNotDelayed() {
        List<Long> ids = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            ids.add(incident("C_STORM", "U" + n));
        }
        OutboxDrainer drainer = drainer(m -> new SendResult.Sent("ts"));

        drainer.drain();
        assertThat(sendsTo("C_STORM")).as("the first at once, the rest wait for the channel's pace").hasSize(1);
        assertThat(sends).as("every person at once").filteredOn(s -> s.destination().startsWith("U")).hasSize(30);

        drainer.drain();
        assertThat(sendsTo("C_STORM")).as("still within the pace").hasSize(1);

        ticker.addAndGet(OutboxDrainer.PACE.toNanos());
        drainer.drain();
        List<Send> storm = sendsTo("C_STORM");
        assertThat(storm).hasSize(2);
        assertThat(storm.get(1).notice()).isInstanceOfSatisfying(BundleNotice.class,
                b -> assertThat(b.notices()).hasSize(29));
        assertThat(incidentIds(storm)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(outbox.backlog(clock.instant()).pending()).isZero();
        assertThat(incidents.timeline(ids.get(29))).anyMatch(e -> e.text().contains("in one message with 28 more"));
    }

    @Test
    void twoMessagesFarApartToOneChannelGoOutOnTheirOwn() {
        long first = incident("C1");
        OutboxDrainer drainer = drainer(m -> new SendResult.Sent("ts"));
        drainer.drain();
        long second = incident("C1");
        ticker.addAndGet(OutboxDrainer.PACE.toNanos());
        drainer.drain();
        assertThat(sendsTo("C1")).extracting(Send::notice).allMatch(n -> n instanceof IncidentNotice);
        assertThat(incidentIds(sendsTo("C1"))).containsExactly(first, second);
    }

    @Test
    void anAnswerNobodyKnowsIsTriedFiveTimesThenFailsVisiblyAndTheQueueMovesOn() {
        long poison = incident("C1");
        long next = incident("C1");
        OutboxDrainer drainer = drainer(m -> ((IncidentNotice) m.notice()).incidentId() == poison
                ? SendResult.Retryable.unknown("weird_error", Duration.ofSeconds(30)) : new SendResult.Sent("ts"));
        for (int attempt = 0; attempt < OutboxDrainer.MAX_UNKNOWN_ATTEMPTS; attempt++) {
            drainer.drain();
            clock.advance(Duration.ofSeconds(31));
        }
        drainer.drain();
        assertThat(sendsTo("C1")).hasSize(OutboxDrainer.MAX_UNKNOWN_ATTEMPTS + 1);
        assertThat(incidentIds(sendsTo("C1"))).endsWith(next);
        assertThat(incidents.timeline(poison)).anyMatch(e -> e.kind().equals("notify_failed")
                && e.text().contains("weird_error (gave up after 5 tries)"));
        assertThat(outbox.failedSince(T0)).isEqualTo(1);
    }

    @Test
    void anOutageIsRetriedUntilItEnds() {
        long id = incident("C1");
        AtomicInteger calls = new AtomicInteger();
        OutboxDrainer drainer = drainer(m -> calls.incrementAndGet() <= 12
                ? new SendResult.Retryable("Slack unreachable", Duration.ofSeconds(10)) : new SendResult.Sent("ts"));
        for (int n = 0; n < 13; n++) {
            drainer.drain();
            clock.advance(Duration.ofSeconds(11));
        }
        assertThat(calls).hasValue(13);
        assertThat(incidents.timeline(id)).anyMatch(e -> e.kind().equals("notified"));
        assertThat(outbox.failedSince(T0)).isZero();
    }

    @Test
    void aDestinationThatHangsDoesNotHoldUpTheOthers() throws Exception {
        incident("C_SLOW");
        long other = incident("C_FAST");
        CountDownLatch release = new CountDownLatch(1);
        OutboxDrainer drainer = drainer(m -> {
            if (m.destination().equals("C_SLOW")) {
                await(release);
            }
            return new SendResult.Sent("ts");
        });
        assertThat(drainer.dispatch()).isEqualTo(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (incidents.timeline(other).stream().noneMatch(e -> e.kind().equals("notified"))
                && System.nanoTime() < deadline) {
            drainer.awaitWork(Duration.ofMillis(50));
        }
        assertThat(incidentIds(sendsTo("C_FAST"))).containsExactly(other);
        assertThat(incidents.timeline(other)).anyMatch(e -> e.kind().equals("notified"));
        release.countDown();
        drainer.drain();
        assertThat(outbox.backlog(clock.instant()).pending()).isZero();
    }

    private OutboxDrainer drainer(Function<OutboxMessage, SendResult> answer) {
        Notifier notifier = new Notifier() {
            @Override
            public SendResult send(OutboxMessage m) {
                sends.add(new Send(m.destination(), m.notice()));
                return answer.apply(m);
            }

            @Override
            public String name() {
                return "fake";
            }
        };
        return new OutboxDrainer(outbox, notifier, clock, DeliveryMetrics.NONE, "test-node", pool, ticker::get);
    }

    /** An incident with one message to each destination; returns its id. */
    private long incident(String... destinations) {
        return incidents.inTransaction(tx -> {
            Incident i = tx.insert(new Incident(0, "g" + System.nanoTime(), "title", IncidentStatus.TRIGGERED, "page",
                    "ingestion", Labels.of("alertname", "A"), "", true, "policy", clock.instant(), Optional.empty(),
                    Optional.empty(), Optional.of(new EscalationState(1, 0)), Optional.empty()));
            for (String d : destinations) {
                tx.outbox().enqueue(OutboxMessage.of(d, d, new IncidentNotice(i.id(), "opened", "title " + i.id(),
                        "triggered", "page", "ingestion", Map.of(), "", "text"), clock.instant()));
            }
            return i.id();
        });
    }

    private List<Send> sendsTo(String destination) {
        synchronized (sends) {
            return sends.stream().filter(s -> s.destination().equals(destination)).toList();
        }
    }

    private static List<Long> incidentIds(List<Send> sent) {
        List<Long> ids = new ArrayList<>();
        for (Send s : sent) {
            List<Notice> notices = s.notice() instanceof BundleNotice b ? b.notices() : List.of(s.notice());
            notices.forEach(n -> ids.add(((IncidentNotice) n).incidentId()));
        }
        return ids;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
