package dev.vigil.incident;

import dev.vigil.label.Labels;
import java.time.Instant;
import java.util.List;

/** What may mute an incident's notices: Alertmanager's inhibit, time interval and silence stages. */
public interface Muter {
    /** Mutes nothing. */
    Muter NONE = new Muter() {
        @Override
        public View at(Instant now, List<Labels> sources) {
            return (routeId, firing) -> "";
        }

        @Override
        public boolean anything() {
            return false;
        }
    };

    /** What mutes at {@code now}, read once (silences, the alerts that may inhibit): for one or many incidents. */
    default View at(Instant now) {
        return at(now, null);
    }

    /**
     * The same, with the alerts firing in open incidents already read ({@code sources}, the inhibiting candidates);
     * null reads them.
     */
    View at(Instant now, List<Labels> sources);

    /** Whether anything could mute an incident now: a silence, an inhibit rule, a route with time intervals. */
    boolean anything();

    interface View {
        /**
         * Why an incident of route {@code routeId} whose alerts firing are {@code firing} is muted, in words
         * ("silence 3f2… until …"); "" when it is not. It is muted when its route is in a mute time interval or out
         * of its active ones, or when every firing alert is inhibited or silenced.
         */
        String why(String routeId, List<Labels> firing);
    }
}
