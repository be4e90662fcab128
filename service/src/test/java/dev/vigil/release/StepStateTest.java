package dev.vigil.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepStateTest {
    private static final Pipeline PIPELINE = new Pipeline("p", "", List.of(step("ingest"), step("validate", "ingest"),
            step("publish", "validate"), step("docs")));

    private static PipelineStep step(String id, String... deps) {
        return new PipelineStep(id, "t", "", Optional.empty(), List.of(deps), false, Optional.empty(), Optional.empty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "-                                  | ready,pending,pending,ready",
        "ingest=RUNNING                     | running,pending,pending,ready",
        "ingest=SUCCEEDED                   | succeeded,ready,pending,ready",
        "ingest=FAILED                      | failed,blocked,blocked,ready",
        "ingest=SUCCEEDED;validate=FAILED   | succeeded,failed,blocked,ready",
        "ingest=SUCCEEDED;validate=SUCCEEDED;docs=SUCCEEDED | succeeded,succeeded,ready,succeeded",
    })
    void everyStepHasAState(String reports, String expected) {
        Map<String, StepReport> r = new HashMap<>();
        if (!reports.equals("-")) {
            for (String kv : reports.split(";")) {
                String[] p = kv.split("=");
                r.put(p[0], new StepReport(p[0], StepStatus.valueOf(p[1]), "", "", Instant.EPOCH));
            }
        }
        Map<String, StepState> states = StepState.of(PIPELINE, new ReleaseRun(1, "p", "v", Instant.EPOCH, r));
        assertThat(String.join(",", states.values().stream().map(StepState::apiName).toList())).isEqualTo(expected);
    }
}
