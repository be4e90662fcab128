package dev.vigil.escalation;

import dev.vigil.oncall.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the planner needs to know about people: users by id, and who a schedule has on call at an instant. */
public interface Directory {
    Optional<User> user(String id);

    List<User> onCall(String scheduleId, Instant at);
}
