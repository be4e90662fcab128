package dev.vigil.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The state plan as a table: reports (step=STATUS@minutes after the run's start), gates, the time → every state. */
class StepPlanTest {
    private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
    /**
     * ingest (2h expected) → validate (manual, 30m expected, 6h deadline) → publish (gated 10m) → notify; docs stands
     * alone.
     */
    private static final Pipeline PIPELINE = new Pipeline("p", "", List.of(
            step("ingest", Optional.of(Duration.ofHours(2)), false, Optional.empty(), Optional.empty()),
            step("validate", Optional.of(Duration.ofMinutes(30)), true, Optional.of(Duration.ofHours(6)),
                    Optional.empty(), "ingest"),
            step("publish", Optional.empty(), false, Optional.empty(),
                    Optional.of(new Gate("sum(rate(api_errors_total[5m])) < 1", Duration.ofMinutes(10))), "validate"),
            step("notify", Optional.empty(), false, Optional.empty(), Optional.empty(), "publish"),
            step("docs", Optional.empty(), false, Optional.empty(), Optional.empty())));

    private static PipelineStep step(String id, Optional<Duration> expected, boolean manual, Optional<Duration> deadline,
                                     Optional<Gate> gate, String... deps) {
        return new PipelineStep(id, "t", "", expected, List.of(deps), manual, deadline, gate);
    }

    @ParameterizedTest(name = "{0} gates={1} at +{2}m -> {3}")
    @CsvSource(delimiter = '|', value = {
        "-                                           | -            | 0   | ready,pending,pending,pending,ready",
        "ingest=RUNNING@0                            | -            | 60  | running,pending,pending,pending,ready",
        "ingest=RUNNING@0                            | -            | 121 | late,pending,pending,pending,ready",
        "ingest=FAILED@30                            | -            | 60  | failed,blocked,blocked,blocked,ready",
        "ingest=SUCCEEDED@60                         | -            | 80  | succeeded,ready,pending,pending,ready",
        // a manual step waiting longer than expected is late; past its deadline too, even before its turn
        "ingest=SUCCEEDED@60                         | -            | 91  | succeeded,late,pending,pending,ready",
        "ingest=RUNNING@0                            | -            | 360 | late,late,pending,pending,ready",
        "ingest=SUCCEEDED@60;validate=SUCCEEDED@70;publish=SUCCEEDED@75 | - | 80 | succeeded,succeeded,gating,pending,ready",
        "ingest=SUCCEEDED@60;validate=SUCCEEDED@70;publish=SUCCEEDED@75 | publish=HELD | 90 | succeeded,succeeded,succeeded,ready,ready",
        "ingest=SUCCEEDED@60;validate=SUCCEEDED@70;publish=SUCCEEDED@75 | publish=FAILED | 90 | succeeded,succeeded,failed,blocked,ready",
        // a step reported succeeded after failing unblocks what follows
        "ingest=SUCCEEDED@100;validate=FAILED@110    | -            | 120 | succeeded,failed,blocked,blocked,ready",
        "ingest=SUCCEEDED@100;validate=SUCCEEDED@130 | -            | 131 | succeeded,succeeded,ready,pending,ready",
        "docs=SUCCEEDED@5                            | -            | 10  | ready,pending,pending,pending,succeeded",
    })
    void everyStepHasAState(String reports, String gates, int minutes, String expected) {
        Map<String, StepReport> r = new HashMap<>();
        if (!reports.equals("-")) {
            for (String kv : reports.split(";")) {
                String[] p = kv.split("[=@]");
                r.put(p[0], new StepReport(p[0], StepStatus.valueOf(p[1]), "", "",
                        START.plus(Duration.ofMinutes(Long.parseLong(p[2])))));
            }
        }
        Map<String, StepPlan.GateResult> g = new HashMap<>();
        if (!gates.equals("-")) {
            String[] p = gates.split("=");
            g.put(p[0], StepPlan.GateResult.valueOf(p[1]));
        }
        Map<String, StepState> states = StepPlan.states(PIPELINE, new ReleaseRun(1, "p", "v", START, r), g,
                START.plus(Duration.ofMinutes(minutes)));
        assertThat(String.join(",", states.values().stream().map(StepState::apiName).toList())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} at +{1}m: {2}")
    @CsvSource(delimiter = '|', value = {
        "ingest=RUNNING@0    | 150 | ingest | running for 2h30m, expected 2h",
        "ingest=SUCCEEDED@60 | 100 | validate | ready for 40m, expected 30m",
        "-                   | 361 | validate | not succeeded by its deadline 2026-12-01T14:00:00Z",
    })
    void aLateStepSaysWhy(String report, int minutes, String step, String why) {
        Map<String, StepReport> r = new HashMap<>();
        if (!report.equals("-")) {
            String[] p = report.split("[=@]");
            r.put(p[0], new StepReport(p[0], StepStatus.valueOf(p[1]), "", "",
                    START.plus(Duration.ofMinutes(Long.parseLong(p[2])))));
        }
        StepPlan.View v = StepPlan.of(PIPELINE, new ReleaseRun(1, "p", "v", START, r), Map.of(),
                START.plus(Duration.ofMinutes(minutes))).get(step);
        assertThat(v.state()).isEqualTo(StepState.LATE);
        assertThat(v.why()).isEqualTo(why);
    }
}
