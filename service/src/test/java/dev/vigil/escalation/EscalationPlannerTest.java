package dev.vigil.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.oncall.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EscalationPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T02:00:00Z");
    private static final Map<String, User> USERS = Map.of("alice", new User("alice", "", "UA", ""),
            "bob", new User("bob", "", "UB", ""));

    /** A directory where schedule "empty" has nobody and schedule "rota" has alice. */
    private static final Directory DIRECTORY = new Directory() {
        @Override
        public Optional<User> user(String id) {
            return Optional.ofNullable(USERS.get(id));
        }

        @Override
        public List<User> onCall(String scheduleId, Instant at) {
            return scheduleId.equals("rota") ? List.of(USERS.get("alice")) : List.of();
        }
    };

    private final EscalationPlanner planner = new EscalationPlanner(DIRECTORY);

    private static EscalationStep step(String target, int minutes) {
        return new EscalationStep(List.of(Target.parse(target)), Duration.ofMinutes(minutes));
    }

    @Test
    void firstStepNotifiesAndSchedulesTheNext() {
        EscalationPolicy p = new EscalationPolicy("p", 0, List.of(step("schedule:rota", 10), step("user:bob", 15)));
        EscalationPlanner.Outcome o = planner.runFrom(p, EscalationState.START, NOW);
        assertThat(o.stepNumber()).isEqualTo(1);
        assertThat(o.recipients()).containsExactly(new Recipient.Person(USERS.get("alice")));
        assertThat(o.next()).contains(new EscalationState(1, 0));
        assertThat(o.nextAt()).contains(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aStepWithNobodyIsSkippedAtOnceNeverWaitedOut() {
        EscalationPolicy p = new EscalationPolicy("p", 0, List.of(step("schedule:empty", 10), step("user:bob", 15)));
        EscalationPlanner.Outcome o = planner.runFrom(p, EscalationState.START, NOW);
        assertThat(o.skippedSteps()).containsExactly(1);
        assertThat(o.stepNumber()).isEqualTo(2);
        assertThat(o.recipients()).containsExactly(new Recipient.Person(USERS.get("bob")));
        assertThat(o.next()).isEmpty();
        assertThat(o.nextAt()).isEmpty();
    }

    @Test
    void theStepsRunAgainRepeatTimes() {
        EscalationPolicy p = new EscalationPolicy("p", 1, List.of(step("user:alice", 5), step("channel:C1", 5)));
        EscalationPlanner.Outcome second = planner.runFrom(p, new EscalationState(1, 0), NOW);
        assertThat(second.recipients()).containsExactly(new Recipient.Channel("C1"));
        assertThat(second.next()).contains(new EscalationState(0, 1));
        EscalationPlanner.Outcome last = planner.runFrom(p, new EscalationState(1, 1), NOW);
        assertThat(last.recipients()).containsExactly(new Recipient.Channel("C1"));
        assertThat(last.next()).isEmpty();
    }

    @Test
    void aPolicyWithNobodyAnywhereSaysSo() {
        EscalationPolicy p = new EscalationPolicy("p", 2, List.of(step("schedule:empty", 5)));
        EscalationPlanner.Outcome o = planner.runFrom(p, EscalationState.START, NOW);
        assertThat(o.nobody()).isTrue();
        assertThat(o.skippedSteps()).containsExactly(1, 1, 1);
        assertThat(o.next()).isEmpty();
    }

    @Test
    void unknownUsersResolveToNobodyAndDuplicatesCollapse() {
        EscalationStep both = new EscalationStep(List.of(Target.parse("user:alice"), Target.parse("schedule:rota"),
                Target.parse("user:ghost")), Duration.ofMinutes(5));
        EscalationPlanner.Outcome o = planner.runFrom(new EscalationPolicy("p", 0, List.of(both)), EscalationState.START, NOW);
        assertThat(o.recipients()).containsExactly(new Recipient.Person(USERS.get("alice")));
    }
}
