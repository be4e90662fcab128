package dev.vigil.oncall;

import java.time.ZoneId;
import java.util.List;

/** An on-call schedule: layers in a time zone, where a later layer wins wherever it has someone. */
public record Schedule(String id, ZoneId timeZone, List<Layer> layers) {
    public Schedule {
        layers = List.copyOf(layers);
    }
}
