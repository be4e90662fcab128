package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import dev.vigil.config.RuleSet;
import dev.vigil.escalation.EscalationPolicy;
import dev.vigil.escalation.EscalationState;
import dev.vigil.escalation.EscalationStep;
import dev.vigil.escalation.Target;
import dev.vigil.incident.IncidentService;
import dev.vigil.notify.TeamNotice;
import dev.vigil.probe.ProbeAlertState;
import dev.vigil.oncall.Team;
import dev.vigil.oncall.User;
import dev.vigil.routing.Route;
import dev.vigil.routing.Router;
import dev.vigil.rule.ActiveAlert;
import dev.vigil.rule.AlertState;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import dev.vigil.incident.GroupAlreadyOpenException;
import dev.vigil.incident.GroupTimer;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentAlert;
import dev.vigil.incident.IncidentStatus;
import dev.vigil.incident.TimelineEvent;
import dev.vigil.label.Labels;
import dev.vigil.notify.IncidentNotice;
import dev.vigil.notify.OutboxMessage;
import dev.vigil.notify.OutboxStore;
import dev.vigil.incident.AlertIntake;
import dev.vigil.release.Pipeline;
import dev.vigil.release.PipelineStep;
import dev.vigil.release.ReleaseRun;
import dev.vigil.release.ReleaseService;
import dev.vigil.release.StepReport;
import dev.vigil.release.StepStatus;
import dev.vigil.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store promises, checked on each database Vigil runs on. Subclasses pick the database. */
abstract class StoreContractTest {
    private static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

    JdbiIncidentStore incidents;
    JdbiOutboxStore outbox;
    JdbiReleaseStore releases;
    JdbiSilenceStore silences;
    Jdbi jdbi;

    abstract TestDatabase database();

    @BeforeEach
    void migrate() {
        DataSource ds = database().dataSource();
        Migrations.migrate(ds);
        jdbi = Jdbi.create(ds);
        incidents = new JdbiIncidentStore(jdbi);
        outbox = new JdbiOutboxStore(jdbi);
        releases = new JdbiReleaseStore(jdbi);
        silences = new JdbiSilenceStore(jdbi);
    }

    /** A table whose rows name an incident or a run, by the column {@code key}. */
    private record Child(String table, String key) {
        String parent() {
            return key.equals("incident_id") ? "incidents" : "release_runs";
        }
    }

    /**
     * Whatever a test did, no row names an incident or a run that does not exist. On PostgreSQL these tables have no
     * foreign keys (db/migration/postgresql/V23), so this check stands in for them. The tables are read from the
     * schema (each with an {@code incident_id} or a {@code run_id} column): a new one is checked without a word here.
     */
    @AfterEach
    void noRowNamesAMissingIncidentOrRun() {
        List<Child> children = jdbi.withHandle(h -> h.createQuery("SELECT LOWER(table_name), LOWER(column_name) "
                        + "FROM information_schema.columns WHERE LOWER(table_schema) = LOWER(CURRENT_SCHEMA) "
                        + "AND LOWER(column_name) IN ('incident_id', 'run_id') ORDER BY 1")
                .map((rs, ctx) -> new Child(rs.getString(1), rs.getString(2))).list());
        assertThat(children).extracting(Child::table).contains("outbox", "incident_events", "incident_timers",
                "release_steps", "release_step_marks");
        for (Child c : children) {
            long orphans = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + c.table() + " c WHERE c."
                    + c.key() + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + c.parent() + " p WHERE p.id = c."
                    + c.key() + ")").mapTo(Long.class).one());
            assertThat(orphans).as("rows of %s naming a missing row of %s", c.table(), c.parent()).isZero();
        }
    }

    private static Incident draft(String groupKey) {
        return new Incident(0, groupKey, "title", IncidentStatus.TRIGGERED, "page", "ingestion",
                Labels.of("alertname", "A", "team", "ingestion"), "http://rb", true, "policy", T0,
                Optional.empty(), Optional.empty(), Optional.of(new EscalationState(1, 0)),
                Optional.of(T0.plus(Duration.ofMinutes(10))));
    }

    @Test
    void anIncidentRoundTripsWithItsAlertsAndTimeline() {
        Incident saved = incidents.inTransaction(tx -> {
            Incident i = tx.insert(draft("g1"));
            tx.putAlert(i.id(), new IncidentAlert("fp1", Labels.of("alertname", "A"), Map.of("summary", "s"), true, T0,
                    Optional.empty()));
            tx.record(i.id(), new TimelineEvent(T0, "opened", "opened"));
            return i;
        });
        assertThat(incidents.find(saved.id())).contains(saved);
        assertThat(incidents.alerts(saved.id())).singleElement()
                .satisfies(a -> assertThat(a.annotations()).containsEntry("summary", "s"));
        assertThat(incidents.timeline(saved.id())).extracting(TimelineEvent::text).containsExactly("opened");
        assertThat(incidents.list(Set.of(IncidentStatus.TRIGGERED), 10)).extracting(Incident::id).containsExactly(saved.id());
        assertThat(incidents.dueForEscalation(T0.plus(Duration.ofMinutes(9)), 10)).isEmpty();
        assertThat(incidents.dueForEscalation(T0.plus(Duration.ofMinutes(10)), 10)).containsExactly(saved.id());
        List<Incident> firing = incidents.inTransaction(tx -> tx.lockOpenFiring("fp1"));
        assertThat(firing).extracting(Incident::id).containsExactly(saved.id());
    }

    @Test
    void aChangeAndItsReadsBackTakeOneConnectionAndTheChangeIsCommitted() {
        DataSource ds = database().dataSource();
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        JdbiIncidentStore counted = new JdbiIncidentStore(Jdbi.create(() -> {
            opened.incrementAndGet();
            return ds.getConnection();
        }));
        long id = incidents.inTransaction(tx -> tx.insert(draft("g1"))).id();
        java.util.function.Supplier<Integer> ackAndReadBack = () -> {
            counted.inTransaction(tx -> {
                Incident i = tx.lock(id).orElseThrow();
                tx.update(i.withStatus(IncidentStatus.ACKNOWLEDGED, T0));
                tx.record(id, new TimelineEvent(T0, "acknowledged", "acknowledged by test"));
                return i;
            });
            return counted.alerts(id).size() + counted.timeline(id).size();
        };
        assertThat(counted.oneConnection(ackAndReadBack)).isEqualTo(1);
        assertThat(opened).as("one connection for the change and both reads").hasValue(1);
        assertThat(incidents.find(id)).get().extracting(Incident::status).isEqualTo(IncidentStatus.ACKNOWLEDGED);

        opened.set(0);
        ackAndReadBack.get();
        assertThat(opened).as("without it, one a query").hasValue(3);
    }

    @Test
    void writesNotReadBackWaitForTheNextStatementThatNeedsThemAndKeepTheirOrder() {
        DataSource ds = database().dataSource();
        java.util.concurrent.atomic.AtomicInteger executed = new java.util.concurrent.atomic.AtomicInteger();
        JdbiIncidentStore counted = new JdbiIncidentStore(Jdbi.create(() -> countingExecutions(ds.getConnection(),
                executed)));
        long id = incidents.inTransaction(tx -> tx.insert(draft("g1"))).id();
        boolean postgres = database().name().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        IncidentAlert alert = new IncidentAlert("fp1", Labels.of("alertname", "A"), Map.of(), true, T0,
                Optional.empty());

        counted.inTransaction(tx -> {
            Incident i = tx.lock(id).orElseThrow();
            executed.set(0);
            tx.record(id, new TimelineEvent(T0, "info", "one"));
            tx.update(i.withStatus(IncidentStatus.ACKNOWLEDGED, T0));
            tx.record(id, new TimelineEvent(T0, "info", "two"));
            tx.update(i.withStatus(IncidentStatus.RESOLVED, T0.plusSeconds(1)));
            assertThat(executed).as("nothing sent while only writes wait").hasValue(0);
            assertThat(tx.timer(id)).as("a query of another table does not wait for them").isEmpty();
            assertThat(executed).hasValue(1);
            // A query of a table written to sees the writes, made in the order they were asked for.
            assertThat(tx.lock(id)).get().extracting(Incident::status).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(executed).as("PostgreSQL: the four writes in one round trip; H2: one a run of the same statement")
                    .hasValue(postgres ? 3 : 6);
            tx.putAlert(id, alert);
            tx.markNotified(id);
            return null;
        });
        assertThat(incidents.find(id)).get().extracting(Incident::status).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incidents.timeline(id)).extracting(TimelineEvent::text).containsExactly("one", "two");
        assertThat(incidents.alerts(id)).singleElement().extracting(IncidentAlert::notified).isEqualTo(true);

        // Work that fails leaves nothing of what was waiting.
        assertThatThrownBy(() -> counted.inTransaction(tx -> {
            tx.record(id, new TimelineEvent(T0, "info", "three"));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        // Nor does a waiting write that fails when sent (on PostgreSQL with the COMMIT in the same round trip).
        GroupTimer timer = GroupTimer.paged(incidents.find(id).orElseThrow());
        assertThatThrownBy(() -> counted.inTransaction(tx -> {
            tx.record(id, new TimelineEvent(T0, "info", "four"));
            tx.insertTimer(timer);
            tx.insertTimer(timer); // the same key twice
            return null;
        })).isInstanceOf(RuntimeException.class);
        assertThat(incidents.timeline(id)).extracting(TimelineEvent::text).containsExactly("one", "two");
        Optional<GroupTimer> stored = incidents.inTransaction(tx -> tx.timer(id));
        assertThat(stored).isEmpty();
        // The handle is usable again afterwards, and a transaction that only writes commits.
        counted.inTransaction(tx -> {
            tx.record(id, new TimelineEvent(T0, "info", "five"));
            return null;
        });
        assertThat(incidents.timeline(id)).extracting(TimelineEvent::text).containsExactly("one", "two", "five");
    }

    /** The connection, counting every statement it executes (a batch or a multi-statement string is one). */
    private static java.sql.Connection countingExecutions(java.sql.Connection c,
                                                          java.util.concurrent.atomic.AtomicInteger executed) {
        return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(StoreContractTest.class.getClassLoader(),
                new Class<?>[] {java.sql.Connection.class}, (proxy, method, args) -> {
                    Object out = invoke(c, method, args);
                    if (out instanceof java.sql.PreparedStatement ps) {
                        return java.lang.reflect.Proxy.newProxyInstance(StoreContractTest.class.getClassLoader(),
                                new Class<?>[] {java.sql.PreparedStatement.class}, (p2, m2, a2) -> {
                                    if (m2.getName().startsWith("execute")) {
                                        executed.incrementAndGet();
                                    }
                                    return invoke(ps, m2, a2);
                                });
                    }
                    return out;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void theAlertsOfSeveralIncidentsAreReadTogether() {
        List<Long> ids = incidents.inTransaction(tx -> {
            Incident one = tx.insert(draft("g1"));
            Incident two = tx.insert(draft("g2"));
            Incident none = tx.insert(draft("g3"));
            tx.putAlert(one.id(), new IncidentAlert("b", Labels.of("alertname", "B"), Map.of(), true, T0.plusSeconds(1),
                    Optional.empty()));
            tx.putAlert(one.id(), new IncidentAlert("a", Labels.of("alertname", "A"), Map.of(), false, T0,
                    Optional.of(T0.plusSeconds(9))));
            tx.putAlert(two.id(), new IncidentAlert("c", Labels.of("alertname", "C"), Map.of(), true, T0,
                    Optional.empty()));
            return List.of(one.id(), two.id(), none.id());
        });
        Map<Long, List<IncidentAlert>> all = incidents.alerts(ids);
        assertThat(all).containsOnlyKeys(ids.get(0), ids.get(1));
        assertThat(all.get(ids.get(0))).as("as alerts(id) gives them").isEqualTo(incidents.alerts(ids.get(0)))
                .extracting(IncidentAlert::fingerprint).containsExactly("a", "b");
        assertThat(all.get(ids.get(1))).isEqualTo(incidents.alerts(ids.get(1)));
        assertThat(incidents.alerts(List.of())).isEmpty();
    }

    @Test
    void aGroupHasAtMostOneOpenIncident() {
        Incident first = incidents.inTransaction(tx -> tx.insert(draft("g")));
        assertThatThrownBy(() -> incidents.inTransaction(tx -> tx.insert(draft("g"))))
                .isInstanceOf(GroupAlreadyOpenException.class);
        incidents.inTransaction(tx -> {
            tx.update(first.withStatus(IncidentStatus.RESOLVED, T0));
            return null;
        });
        Incident second = incidents.inTransaction(tx -> tx.insert(draft("g")));
        Optional<Incident> open = incidents.inTransaction(tx -> tx.lockOpen("g"));
        assertThat(open.map(Incident::id)).contains(second.id());
        assertThat(incidents.find(first.id()).orElseThrow().resolvedAt()).contains(T0);
    }

    /** One user, one team paging them, a route that groups by alertname. */
    private static RuleSet oneTeam() {
        return new RuleSet(Map.of("u", new User("u", "", "U1", "")),
                Map.of("t", new Team("t", "", "C1", "p", true)), Map.of(),
                Map.of("p", new EscalationPolicy("p", 0, List.of(new EscalationStep(List.of(Target.parse("user:u")),
                        Duration.ofMinutes(5))))),
                new Route("0", List.of(), "t", List.of("alertname", "run"), false, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, false, true, List.of()), Map.of(), Map.of(), List.of());
    }

    @Test
    void aFailedStepInhibitsItsRunsLateAlertsAndEachTransitionHappensOnce() {
        RuleSet rules = oneTeam();
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(T0);
        InstantSource clock = now::get;
        IncidentService service = new IncidentService(incidents, () -> rules, id -> "", clock);
        PipelineStep a = new PipelineStep("a", "t", "", Optional.empty(), List.of(), false,
                Optional.of(Duration.ofHours(1)), Optional.empty());
        PipelineStep b = new PipelineStep("b", "t", "", Optional.empty(), List.of(), false,
                Optional.of(Duration.ofHours(1)), Optional.empty());
        Pipeline pipeline = new Pipeline("p", "", List.of(a, b));
        ReleaseService releaseService = new ReleaseService(releases, name -> Optional.of(pipeline),
                new AlertIntake(() -> rules, service), clock);
        ReleaseRun failing = releaseService.start("p", "1").orElseThrow();
        ReleaseRun slow = releaseService.start("p", "2").orElseThrow();
        releaseService.report(failing, b, StepStatus.FAILED, "boom", "");

        now.set(T0.plus(Duration.ofHours(2)));
        assertThat(releaseService.tick()).as("a and b of the slow run are late; the failing run's a is not paged")
                .isEqualTo(2);
        assertThat(releaseService.tick()).as("each transition once").isZero();
        List<Incident> open = incidents.list(Set.of(IncidentStatus.TRIGGERED), 10);
        assertThat(open).extracting(i -> i.labels().get("alertname") + "/" + i.labels().get("run"))
                .containsExactlyInAnyOrder("ReleaseStepFailed/" + failing.id(), "ReleaseStepLate/" + slow.id());

        // a finishes: its late alert resolves; b is still late, so the incident stays open.
        releaseService.report(releases.find(slow.id()).orElseThrow(), a, StepStatus.SUCCEEDED, "", "");
        Incident late = open.stream().filter(i -> i.labels().get("alertname").equals("ReleaseStepLate")).findFirst()
                .orElseThrow();
        assertThat(incidents.alerts(late.id())).extracting(x -> x.labels().get("step") + "=" + x.firing())
                .containsExactlyInAnyOrder("a=false", "b=true");
        releaseService.report(releases.find(slow.id()).orElseThrow(), b, StepStatus.SUCCEEDED, "", "");
        assertThat(incidents.find(late.id()).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void aStepReportTheDatabaseRefusesOpensNoIncidentAndQueuesNoPage() {
        RuleSet rules = oneTeam();
        InstantSource clock = InstantSource.fixed(T0);
        IncidentService service = new IncidentService(incidents, () -> rules, id -> "", clock);
        Pipeline pipeline = new Pipeline("p", "", List.of(new PipelineStep("ingest", "t", "", Optional.empty(),
                List.of(), false, Optional.empty(), Optional.empty())));
        ReleaseService releaseService = new ReleaseService(releases, name -> Optional.of(pipeline),
                new AlertIntake(() -> rules, service), clock);
        ReleaseRun run = releaseService.start("p", "1.0").orElseThrow();
        // The column holds 2,000 characters: the report fails after its alert has opened the incident.
        assertThatThrownBy(() -> releaseService.report(run, pipeline.steps().get(0), StepStatus.FAILED, "x".repeat(2001), ""))
                .isInstanceOf(RuntimeException.class);
        assertThat(incidents.list(Set.of(), 10)).as("the incident went with the report").isEmpty();
        assertThat(outbox.backlog(T0).pending()).isZero();
        assertThat(releases.find(run.id()).orElseThrow().reports()).isEmpty();

        releaseService.report(run, pipeline.steps().get(0), StepStatus.FAILED, "partner file missing", "");
        assertThat(incidents.list(Set.of(), 10)).hasSize(1);
        assertThat(outbox.backlog(T0).pending()).isEqualTo(2);
    }

    @Test
    void twoInstancesRacingOnOneGroupOpenOneIncidentAndLoseNoAlert() throws Exception {
        RuleSet rules = oneTeam();
        InstantSource clock = InstantSource.fixed(T0);
        List<IncidentService> instances = List.of(new IncidentService(incidents, () -> rules, id -> "", clock),
                new IncidentService(incidents, () -> rules, id -> "", clock));
        Router router = new Router(rules.route());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Alert a = new Alert(Labels.of("alertname", "Race", "pod", "p" + i), Map.of(), Alert.State.FIRING, T0);
                IncidentService node = instances.get(i % 2);
                done.add(pool.submit(() -> node.onAlert(router.route(a.labels()).get(0), a)));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Incident> open = incidents.list(Set.of(IncidentStatus.TRIGGERED), 10);
        assertThat(open).hasSize(1);
        assertThat(incidents.alerts(open.get(0).id())).hasSize(16);
    }

    @Test
    void ruleAlertStatesRoundTripPerRule() {
        JdbiAlertStateStore states = new JdbiAlertStateStore(Jdbi.create(database().dataSource()));
        ActiveAlert firing = new ActiveAlert(Labels.of("alertname", "A", "pod", "p1"), Map.of("summary", "s"),
                AlertState.FIRING, 0.25, T0.toEpochMilli(), Optional.of(T0.toEpochMilli() + 60_000), Optional.empty(),
                Optional.empty());
        ActiveAlert resolved = new ActiveAlert(Labels.of("alertname", "A", "pod", "p2"), Map.of(), AlertState.INACTIVE,
                1, T0.toEpochMilli(), Optional.of(T0.toEpochMilli()), Optional.of(T0.toEpochMilli() + 1), Optional.of(7L));
        states.save("file:g", "A", List.of(firing, resolved));
        states.save("file:g", "B", List.of(firing));
        states.save("file:g", "B", List.of());
        assertThat(states.load("file:g")).containsOnlyKeys("A");
        assertThat(states.load("file:g").get("A")).containsExactlyInAnyOrder(firing, resolved);
        assertThat(states.load("other:g")).isEmpty();
    }

    @Test
    void anOutboxMessageClaimedButNeverMarkedIsSentAgainAfterItsLease() {
        long id = incidents.inTransaction(tx -> {
            Incident i = tx.insert(draft("g"));
            tx.outbox().enqueue(OutboxMessage.of("C1", "#C1", notice(i.id()), T0));
            return i.id();
        });
        assertThat(outbox.claimDue(T0, 10)).singleElement().satisfies(m -> assertThat(m.notice()).isEqualTo(notice(id)));
        assertThat(outbox.claimDue(T0.plusSeconds(30), 10)).as("leased to the first drainer").isEmpty();
        assertThat(outbox.backlog(T0.plusSeconds(30))).isEqualTo(new OutboxStore.Backlog(1, 30.0));
        List<OutboxMessage> again = outbox.claimDue(T0.plusSeconds(61), 10);
        assertThat(again).singleElement().satisfies(m -> assertThat(m.attempts()).isEqualTo(1));
        outbox.sent(again.get(0), "ts1", "sent opened notice to #C1", T0.plusSeconds(62));
        assertThat(outbox.claimDue(T0.plus(Duration.ofHours(1)), 10)).isEmpty();
        assertThat(outbox.backlog(T0.plusSeconds(62)).pending()).isZero();
        assertThat(incidents.timeline(id)).extracting(TimelineEvent::text).contains("sent opened notice to #C1");
    }

    @Test
    void aSinglePostJoinsTheNotificationLogAndABundleOrAnUpdateDoesNot() {
        long id = incidents.inTransaction(tx -> {
            Incident i = tx.insert(draft("log"));
            tx.outbox().enqueue(OutboxMessage.of("U1", "bob", notice(i.id()), T0));
            tx.outbox().enqueue(OutboxMessage.of("C1", "#C1", notice(i.id()), T0));
            return i.id();
        });
        List<OutboxMessage> due = outbox.claimDue(T0, 10);
        assertThat(due).hasSize(2);
        for (OutboxMessage m : due) {
            outbox.sent(List.of(m), m.destination().equals("U1") ? "1.1" : "2.2",
                    m.destination().equals("U1") ? "D1" : "C1", x -> "sent", T0);
        }
        assertThat(outbox.posted(id, "U1")).containsExactly(new dev.vigil.notify.Posted("D1", "1.1"));
        assertThat(outbox.posted(id, "C1")).containsExactly(new dev.vigil.notify.Posted("C1", "2.2"));
        java.util.Map<String, String> destinations = incidents.inTransaction(tx -> tx.destinations(id));
        assertThat(destinations).containsExactly(java.util.Map.entry("U1", "bob"), java.util.Map.entry("C1", "#C1"));

        // An update round-trips through the outbox and, sent, adds no message to update.
        dev.vigil.notify.IncidentUpdate update = new dev.vigil.notify.IncidentUpdate(notice(id), "Acknowledged by alice");
        incidents.inTransaction(tx -> {
            tx.outbox().enqueue(OutboxMessage.of("C1", "#C1", update, T0));
            return null;
        });
        OutboxMessage u = outbox.claimDue(T0.plusSeconds(1), 10).get(0);
        assertThat(u.notice()).isEqualTo(update);
        outbox.sent(List.of(u), "2.3", "", x -> "sent", T0);
        assertThat(outbox.posted(id, "C1")).hasSize(1);
        assertThat(outbox.posted(id + 1, "C1")).isEmpty();
    }

    @Test
    void aRetryableFailureWaitsAndAPermanentOneStops() {
        incidents.inTransaction(tx -> {
            Incident i = tx.insert(draft("g"));
            tx.outbox().enqueue(OutboxMessage.of("C1", "#C1", notice(i.id()), T0));
            tx.outbox().enqueue(OutboxMessage.of("U1", "alice", notice(i.id()), T0));
            return null;
        });
        List<OutboxMessage> due = outbox.claimDue(T0, 10);
        outbox.retryLater(due.get(0), "ratelimited", T0.plusSeconds(5));
        outbox.failed(due.get(1), "channel_not_found", "failed", T0);
        assertThat(outbox.claimDue(T0.plusSeconds(4), 10)).isEmpty();
        assertThat(outbox.claimDue(T0.plusSeconds(5), 10)).extracting(OutboxMessage::destination).containsExactly("C1");
    }

    @Test
    void messagesToOneDestinationAreClaimedInOrderEachAfterTheOneBefore() {
        incidents.inTransaction(tx -> {
            Incident i = tx.insert(draft("g"));
            tx.outbox().enqueue(OutboxMessage.of("C1", "#C1", notice(i.id()), T0));
            tx.outbox().enqueue(OutboxMessage.of("U1", "alice", notice(i.id()), T0));
            tx.outbox().enqueue(OutboxMessage.of("C1", "#C1", notice(i.id()), T0));
            return null;
        });
        List<OutboxMessage> first = outbox.claimDue(T0, 10);
        assertThat(first).extracting(OutboxMessage::destination).containsExactly("C1", "U1");
        assertThat(outbox.claimDue(T0, 10)).as("the second to C1 waits while the first is leased").isEmpty();
        outbox.retryLater(first.get(0), "ratelimited", T0.plusSeconds(5));
        assertThat(outbox.claimDue(T0.plusSeconds(1), 10)).as("... and while it waits to be retried").isEmpty();
        List<OutboxMessage> retried = outbox.claimDue(T0.plusSeconds(5), 10);
        assertThat(retried).extracting(OutboxMessage::id).containsExactly(first.get(0).id());
        outbox.sent(retried.get(0), "ts1", "sent", T0.plusSeconds(5));
        assertThat(outbox.claimDue(T0.plusSeconds(5), 10)).extracting(OutboxMessage::destination)
                .as("then the next to C1").containsExactly("C1");
    }

    @Test
    void drainersClaimingSideBySideNeverTakeTheSameMessage() throws Exception {
        incidents.inTransaction(tx -> {
            Incident i = tx.insert(draft("g"));
            for (int d = 0; d < 40; d++) {
                tx.outbox().enqueue(OutboxMessage.of("C" + d, "#C" + d, notice(i.id()), T0));
            }
            return null;
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> drainers = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                drainers.add(pool.submit(() -> {
                    List<Long> claimed = new ArrayList<>();
                    List<OutboxMessage> due;
                    while (!(due = outbox.claimDue(T0, 1)).isEmpty()) {
                        claimed.add(due.get(0).id());
                    }
                    return claimed;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : drainers) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(40).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aProbesAlertStateIsKeptUntilForgotten() {
        JdbiProbeStateStore probes = new JdbiProbeStateStore(Jdbi.create(database().dataSource()), InstantSource.fixed(T0));
        assertThat(probes.load("api")).isEmpty();
        ProbeAlertState failing = new ProbeAlertState(Optional.of(T0), false);
        probes.save("api", failing);
        assertThat(probes.load("api")).hasValue(failing);
        ProbeAlertState clear = new ProbeAlertState(Optional.empty(), true);
        probes.save("api", clear);
        probes.save("web", failing);
        assertThat(probes.load("api")).hasValue(clear);
        probes.forget("api");
        assertThat(probes.load("api")).isEmpty();
        assertThat(probes.load("web")).hasValue(failing);
    }

    @Test
    void aTeamNoticeAboutNoIncidentGoesThroughTheOutbox() {
        TeamNotice handoff = new TeamNotice("ops", "handoff", "Carol is on call for primary now", "Before: Bob.");
        JdbiHandoffStore handoffs = new JdbiHandoffStore(Jdbi.create(database().dataSource()));
        assertThat(handoffs.change("primary", Optional.empty(), List.of("bob"), T0, o -> { })).isTrue();
        assertThat(handoffs.change("primary", Optional.of(List.of("bob")), List.of("carol"), T0,
                o -> o.enqueue(OutboxMessage.of("C1", "#C1", handoff, T0)))).isTrue();
        OutboxMessage m = outbox.claimDue(T0, 10).get(0);
        assertThat(m.notice()).isEqualTo(handoff);
        outbox.sent(m, "ts", "sent handoff notice to #C1", T0);
        assertThat(outbox.backlog(T0).pending()).isZero();
    }

    @Test
    void ofTwoNodesSeeingTheSameHandoffOneRecordsAndAnnouncesIt() {
        JdbiHandoffStore handoffs = new JdbiHandoffStore(Jdbi.create(database().dataSource()));
        assertThat(handoffs.lastKnown("primary")).isEmpty();
        assertThat(handoffs.change("primary", Optional.empty(), List.of(), T0, o -> { })).isTrue();
        assertThat(handoffs.change("primary", Optional.empty(), List.of(), T0, o -> { })).as("baseline twice").isFalse();
        assertThat(handoffs.lastKnown("primary")).contains(List.of());

        List<String> announcedBy = new ArrayList<>();
        assertThat(handoffs.change("primary", Optional.of(List.of()), List.of("a", "b"), T0, o -> announcedBy.add("one")))
                .isTrue();
        assertThat(handoffs.change("primary", Optional.of(List.of()), List.of("a", "b"), T0, o -> announcedBy.add("two")))
                .isFalse();
        assertThat(announcedBy).containsExactly("one");
        assertThat(handoffs.lastKnown("primary")).contains(List.of("a", "b"));
    }

    @Test
    void releaseRunsKeepTheLatestReportOfEachStep() {
        ReleaseRun run = releases.create("data-release", "v1", T0);
        report(run.id(), new StepReport("ingest", StepStatus.RUNNING, "", "", T0));
        ReleaseRun returned = report(run.id(), new StepReport("ingest", StepStatus.FAILED, "boom", "http://ci",
                T0.plusSeconds(1)));
        ReleaseRun found = releases.find(run.id()).orElseThrow();
        assertThat(returned).as("what report returns is what is stored").isEqualTo(found);
        assertThat(found.reports()).containsOnlyKeys("ingest");
        assertThat(found.reports().get("ingest")).isEqualTo(new StepReport("ingest", StepStatus.FAILED, "boom",
                "http://ci", T0.plusSeconds(1), Optional.of(T0)));
        assertThat(found.reports().get("ingest").duration()).contains(Duration.ofSeconds(1));
        assertThat(releases.find(run.id() + 1000)).isEmpty();

        // Running again after failing starts the clock afresh; a running report while running does not.
        report(run.id(), new StepReport("ingest", StepStatus.RUNNING, "", "", T0.plusSeconds(10)));
        report(run.id(), new StepReport("ingest", StepStatus.RUNNING, "", "", T0.plusSeconds(20)));
        assertThat(releases.find(run.id()).orElseThrow().reports().get("ingest").startedAt())
                .contains(T0.plusSeconds(10));
        assertThat(releases.atomically(() -> releases.lock(run.id() + 1000))).isEmpty();
    }

    @Test
    void aLockSaysWhetherTheRunWasFinishedAndOneRunsReportsWaitForEachOther() throws Exception {
        ReleaseRun run = releases.create("data-release", "v1", T0);
        assertThat(releases.atomically(() -> releases.lock(run.id())).orElseThrow().finished()).isFalse();
        releases.finished(run.id(), Optional.of(T0));
        assertThat(releases.inFlightSince(T0)).isEmpty();
        assertThat(releases.atomically(() -> releases.lock(run.id())).orElseThrow().finished()).isTrue();
        releases.atomically(() -> {
            releases.lock(run.id());
            releases.finished(run.id(), Optional.empty());
            return null;
        });
        assertThat(releases.inFlightSince(T0)).extracting(ReleaseRun::id).containsExactly(run.id());
        report(run.id(), new StepReport("ingest", StepStatus.RUNNING, "", "", T0));

        // While one transaction holds the run, another's lock waits; it then sees the first one's report and mark.
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        var first = java.util.concurrent.CompletableFuture.runAsync(() -> releases.atomically(() -> {
            ReleaseRun held = releases.lock(run.id()).orElseThrow().run();
            locked.countDown();
            await(release);
            releases.mark(run.id(), "dedupe", "ready", T0.plusSeconds(1));
            return releases.report(held, new StepReport("dedupe", StepStatus.SUCCEEDED, "", "", T0.plusSeconds(1)));
        }));
        await(locked);
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> releases.atomically(
                () -> releases.lock(run.id()).orElseThrow()));
        Thread.sleep(200);
        assertThat(second).as("waits for the first transaction").isNotDone();
        release.countDown();
        first.get(10, java.util.concurrent.TimeUnit.SECONDS);
        var after = second.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(after.run().reports()).containsKeys("ingest", "dedupe");
        assertThat(after.run().reports().get("dedupe").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(after.marks()).containsExactly("dedupe/ready");
    }

    private ReleaseRun report(long runId, StepReport r) {
        return releases.atomically(() -> releases.report(releases.lock(runId).orElseThrow().run(), r));
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBusyDestinationsWaitingMessagesAreClaimedTogetherInOrder() {
        long id = incidentWith(List.of("C1", "U1", "C1", "C1", "C2"));
        List<OutboxStore.Claim> claims = outbox.claim("n1", T0, 10, Set.of(), "C1"::equals, 50);
        assertThat(claims).extracting(OutboxStore.Claim::destination).containsExactly("C1", "U1", "C2");
        List<OutboxMessage> c1 = claims.get(0).messages();
        assertThat(c1).hasSize(3).extracting(OutboxMessage::id).isSorted();
        assertThat(outbox.claim("n1", T0, 10, Set.of(), d -> true, 50)).as("all of them leased").isEmpty();
        outbox.sent(c1, "ts1", m -> "sent in a bundle", T0);
        assertThat(incidents.timeline(id)).filteredOn(e -> e.kind().equals("notified")).hasSize(3);
        assertThat(outbox.backlog(T0).pending()).isEqualTo(2);
    }

    @Test
    void aBundleLeasesItsHeadOnlyAndWhatTheSenderLeavesOutGoesAtTheNextTurnUntried() {
        incidentWith(List.of("C1", "C1", "C1"));
        List<OutboxMessage> claimed = outbox.claim("n1", T0, 10, Set.of(), d -> true, 50).get(0).messages();
        assertThat(claimed).hasSize(3);
        assertThat(outbox.claim("n2", T0, 10, Set.of(), d -> true, 50)).as("the head's lease holds C1").isEmpty();
        outbox.sent(claimed.subList(0, 1), "ts1", m -> "sent alone", T0); // the sender sent the head only
        List<OutboxMessage> rest = outbox.claim("n2", T0, 10, Set.of(), d -> true, 50).get(0).messages();
        assertThat(rest).extracting(OutboxMessage::id).containsExactly(claimed.get(1).id(), claimed.get(2).id());
        assertThat(rest).as("neither was leased, so neither counts a try").extracting(OutboxMessage::attempts)
                .containsExactly(0, 0);
        int leased = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE leased_by IS NOT NULL")
                .mapTo(Integer.class).one());
        assertThat(leased).as("only the new head is leased").isEqualTo(1);
    }

    @Test
    void aPacedDestinationIsPassedOverWithoutHoldingUpTheOthers() {
        incidentWith(List.of("C1", "C1", "U1"));
        assertThat(outbox.claim("n1", T0, 1, Set.of("C1"), d -> false, 50))
                .extracting(OutboxStore.Claim::destination).containsExactly("U1");
        assertThat(outbox.claim("n1", T0, 10, Set.of(), d -> false, 50)).singleElement()
                .satisfies(c -> assertThat(c.messages()).hasSize(1).first()
                        .satisfies(m -> assertThat(m.destination()).isEqualTo("C1")));
    }

    @Test
    void aNodeThatStopsBeatingLosesItsLeasesAtOnceAndALiveOneKeepsThem() {
        incidentWith(List.of("C1", "C1", "U1"));
        outbox.heartbeat("dead", T0);
        outbox.heartbeat("alive", T0);
        assertThat(outbox.claim("dead", T0, 1, Set.of(), d -> false, 1)).hasSize(1);
        assertThat(outbox.claim("alive", T0, 1, Set.of(), d -> false, 1)).hasSize(1);
        Instant later = T0.plusSeconds(6);
        outbox.heartbeat("alive", later);
        outbox.heartbeat("new", later);
        assertThat(outbox.claim("new", later, 10, Set.of(), d -> false, 1)).as("both leased").isEmpty();
        assertThat(outbox.releaseLeasesOfSilentNodes("new", later, Duration.ofSeconds(5))).isEqualTo(1);
        assertThat(outbox.claim("new", later, 10, Set.of(), d -> false, 1))
                .extracting(OutboxStore.Claim::destination).containsExactly("C1");
        assertThat(outbox.releaseLeasesOfSilentNodes("alive", later, Duration.ofSeconds(5)))
                .as("the new node beats, so its lease stays").isZero();
    }

    @Test
    void aMessageFailedForGoodIsCountedAndNoLongerHoldsUpItsDestination() {
        incidentWith(List.of("C1", "C1"));
        OutboxMessage first = outbox.claimDue(T0, 10).get(0);
        outbox.failed(first, "weird_error", "gave up", T0);
        assertThat(outbox.failedSince(T0.minusSeconds(1))).isEqualTo(1);
        assertThat(outbox.failedSince(T0.plusSeconds(1))).isZero();
        assertThat(outbox.claimDue(T0, 10)).singleElement().satisfies(m -> assertThat(m.id()).isGreaterThan(first.id()));
    }

    @Test
    void theSenderIsWokenWhenAMessageCommitsAndNotWhenItRollsBack() {
        java.util.concurrent.atomic.AtomicInteger woken = new java.util.concurrent.atomic.AtomicInteger();
        outbox.onEnqueue(woken::incrementAndGet);
        assertThatThrownBy(() -> incidents.inTransaction(tx -> {
            Incident i = tx.insert(draft("rolled-back"));
            tx.outbox().enqueue(OutboxMessage.of("C1", "#C1", notice(i.id()), T0));
            assertThat(woken).as("not before the commit").hasValue(0);
            throw new IllegalStateException("roll back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(woken).hasValue(0);
        incidentWith(List.of("C1"));
        assertThat(woken).hasValue(1);
    }

    /** An incident with one message to each destination, in that order; returns its id. */
    private long incidentWith(List<String> destinations) {
        return incidents.inTransaction(tx -> {
            Incident i = tx.insert(draft("g-" + destinations.hashCode() + "-" + System.nanoTime()));
            destinations.forEach(d -> tx.outbox().enqueue(OutboxMessage.of(d, d, notice(i.id()), T0)));
            return i.id();
        });
    }

    private static IncidentNotice notice(long id) {
        return new IncidentNotice(id, "opened", "t", "triggered", "page", "ingestion", Map.of("a", "b"), "", "text");
    }

    @Test
    void silencesKeepTheirMatchersAndTimesAndEveryChangeIsOnTheAuditTrail() {
        dev.vigil.silence.Silence s = new dev.vigil.silence.Silence("s-1", List.of(
                dev.vigil.label.Matcher.of("service", dev.vigil.label.Matcher.Op.EQ, "billing"),
                dev.vigil.label.Matcher.of("severity", dev.vigil.label.Matcher.Op.NRE, "info|ticket")),
                T0, T0.plus(Duration.ofHours(2)), "alice", "DB migration, CHG-1234", T0);
        silences.put(s, "created by alice", "alice", T0);
        assertThat(silences.find("s-1")).contains(s);
        dev.vigil.silence.Silence ended = s.withTimes(T0, T0.plusSeconds(60), T0.plusSeconds(60));
        silences.put(ended, "expired by bob", "bob", T0.plusSeconds(60));
        assertThat(silences.find("s-1")).contains(ended);
        assertThat(silences.history("s-1")).containsExactly("created by alice", "expired by bob");
        assertThat(silences.all(T0)).containsExactly(ended);
        assertThat(silences.all(T0.plusSeconds(61))).as("expired before the retention's start").isEmpty();
        assertThat(silences.find("nope")).isEmpty();
    }

    @Test
    void ingestedAlertsAreRememberedOnceAndForgotten() {
        JdbiIngestedAlerts ingested = new JdbiIngestedAlerts(Jdbi.create(database().dataSource()));
        Labels a = Labels.of("alertname", "DiskFull", "service", "db");
        ingested.remember("fp-a", a, T0);
        ingested.remember("fp-a", a, T0.plusSeconds(60));
        ingested.remember("fp-b", Labels.of("alertname", "Other"), T0);
        assertThat(ingested.all()).containsExactly(a, Labels.of("alertname", "Other"));
        ingested.forget("fp-b");
        ingested.forget("fp-none");
        assertThat(ingested.all()).containsExactly(a);
    }

    @Test
    void theOpenIncidentOfAGroupIsFoundByItsKey() {
        Incident opened = incidents.inTransaction(tx -> tx.insert(draft("pd/key/db-3-lag")));
        assertThat(incidents.findOpen("pd/key/db-3-lag")).map(Incident::id).contains(opened.id());
        assertThat(incidents.findOpen("pd/key/other")).isEmpty();
    }
}
