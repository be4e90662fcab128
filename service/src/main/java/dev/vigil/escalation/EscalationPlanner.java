package dev.vigil.escalation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what an escalation does next: which step runs, whom it notifies, and when the following step
 * is due. Steps whose targets resolve to nobody are skipped at once. Pure: time and people are passed in.
 */
public final class EscalationPlanner {

    /** The outcome of running the next step: whom to notify, and what comes after. */
    public record Outcome(int stepNumber, List<Recipient> recipients, List<Integer> skippedSteps,
                          Optional<EscalationState> next, Optional<Instant> nextAt) {

        /** True when no step had anyone to notify. */
        public boolean nobody() {
            return recipients.isEmpty();
        }
    }

    private final Directory directory;

    public EscalationPlanner(Directory directory) {
        this.directory = directory;
    }

    /** Runs the step at {@code from}, skipping steps that resolve to nobody, at {@code now}. */
    public Outcome runFrom(EscalationPolicy policy, EscalationState from, Instant now) {
        int n = policy.steps().size();
        int total = n * (policy.repeat() + 1);
        List<Integer> skipped = new ArrayList<>();
        for (int pos = from.cycle() * n + from.step(); pos < total; pos++) {
            EscalationStep step = policy.steps().get(pos % n);
            List<Recipient> recipients = resolve(step, now);
            if (!recipients.isEmpty()) {
                int nextPos = pos + 1;
                boolean more = nextPos < total;
                return new Outcome(pos % n + 1, recipients, skipped,
                        more ? Optional.of(new EscalationState(nextPos % n, nextPos / n)) : Optional.empty(),
                        more ? Optional.of(now.plus(step.escalateAfter())) : Optional.empty());
            }
            skipped.add(pos % n + 1);
        }
        return new Outcome(0, List.of(), skipped, Optional.empty(), Optional.empty());
    }

    List<Recipient> resolve(EscalationStep step, Instant now) {
        Set<Recipient> out = new LinkedHashSet<>();
        for (Target t : step.targets()) {
            // Java 17 has no pattern switch; Target is sealed, so these three cases are all there is.
            if (t instanceof Target.UserTarget u) {
                directory.user(u.userId()).ifPresent(user -> out.add(new Recipient.Person(user)));
            } else if (t instanceof Target.ScheduleTarget s) {
                directory.onCall(s.scheduleId(), now).forEach(user -> out.add(new Recipient.Person(user)));
            } else if (t instanceof Target.ChannelTarget c) {
                out.add(new Recipient.Channel(c.channel()));
            }
        }
        return List.copyOf(out);
    }
}
