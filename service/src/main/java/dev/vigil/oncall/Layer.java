package dev.vigil.oncall;

import java.time.LocalDateTime;
import java.util.List;

/** One rotation of a schedule: members take turns in shifts of {@code shiftLength} from {@code start}. */
public record Layer(String name, LocalDateTime start, ShiftLength shiftLength, List<String> members,
                    List<Restriction> restrictions) {
    public Layer {
        members = List.copyOf(members);
        restrictions = List.copyOf(restrictions);
    }
}
