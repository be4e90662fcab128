package dev.vigil.config;

import dev.vigil.release.Gate;
import dev.vigil.release.Pipeline;
import dev.vigil.release.PipelineStep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code releases:}, the release pipelines whose steps belong to teams (SPEC §3.3). */
final class ReleaseSection {
    private static final Set<String> PIPELINE_KEYS = Set.of("name", "channel", "steps");
    private static final Set<String> STEP_KEYS = Set.of("id", "team", "runbook", "expected_duration", "depends_on",
            "manual", "deadline", "gate");
    private static final Set<String> GATE_KEYS = Set.of("expr", "for", "interval");

    private final Declarations declarations;

    ReleaseSection(Declarations declarations) {
        this.declarations = declarations;
    }

    void releases(YamlValue list, Map<String, Pipeline> out) {
        for (YamlValue item : list.list()) {
            item.map(PIPELINE_KEYS).ifPresent(m -> m.requiredText("name").ifPresent(name -> {
                List<PipelineStep> steps = new ArrayList<>();
                m.required("steps").ifPresent(s -> steps(s, steps));
                if (declarations.define("release", name, m.get("name").orElseThrow())) {
                    out.put(name, new Pipeline(name, m.text("channel").orElse(""), steps));
                }
            }));
        }
    }

    private void steps(YamlValue list, List<PipelineStep> out) {
        Set<String> seen = new HashSet<>();
        for (YamlValue item : list.list()) {
            item.map(STEP_KEYS).ifPresent(m -> m.requiredText("id").ifPresent(id -> {
                if (!seen.add(id)) {
                    m.get("id").orElseThrow().error("step \"" + id + "\" is already defined in this pipeline");
                    return;
                }
                Optional<String> team = m.requiredText("team");
                team.ifPresent(t -> declarations.refer("team", t, m.get("team").orElseThrow()));
                m.get("runbook").ifPresent(r -> r.text().ifPresent(rb -> declarations.refer("runbook", rb, r)));
                List<String> deps = m.strings("depends_on");
                for (YamlValue d : m.list("depends_on")) {
                    d.text().filter(dep -> !seen.contains(dep)).ifPresent(dep -> d.error("step \"" + dep
                            + "\" is not an earlier step of this pipeline" + Suggestions.hint(dep, seen)));
                }
                Optional<Gate> gate = m.get("gate").flatMap(g -> g.map(GATE_KEYS)).flatMap(g -> g.required("expr")
                        .flatMap(v -> v.text().flatMap(e -> {
                            try {
                                dev.vigil.promql.Parser.parse(e);
                            } catch (dev.vigil.promql.ParseException ex) {
                                v.errorAt(ex.position(), "could not parse expression: " + ex.getMessage());
                                return Optional.empty();
                            }
                            return Optional.of(new Gate(e, g.duration("for").orElse(java.time.Duration.ZERO),
                                    g.duration("interval").orElse(Gate.DEFAULT_INTERVAL)));
                        })));
                team.ifPresent(t -> out.add(new PipelineStep(id, t, m.text("runbook").orElse(""),
                        m.duration("expected_duration"), deps, m.bool("manual", false), m.duration("deadline"), gate)));
            }));
        }
    }
}
