package dev.vigil.config;

import dev.vigil.release.Gate;
import dev.vigil.release.StepRun;
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
            "manual", "deadline", "gate", "run");
    private static final Set<String> RUN_KEYS = Set.of("airflow", "argo", "webhook", "conf");
    private static final Set<String> AIRFLOW_KEYS = Set.of("url_env", "token_env", "dag_id");
    private static final Set<String> WEBHOOK_KEYS = Set.of("url_env", "token_env");
    private static final Set<String> ARGO_KEYS = Set.of("url_env", "token_env", "namespace", "workflow_template");
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
                    out.put(name, new Pipeline(name, m.text("channel").orElse(""), steps,
                            m.self().position().file()));
                }
            }));
        }
    }

    /** {@code run:}: exactly one of airflow, argo, webhook, and its conf. */
    private Optional<StepRun> run(YamlValue value) {
        return value.map(RUN_KEYS).flatMap(r -> {
            List<String> kinds = r.keys().stream().filter(k -> !k.equals("conf")).sorted().toList();
            if (kinds.size() != 1) {
                r.self().error("one of airflow, argo or webhook must be set" + (kinds.isEmpty() ? "" : ", not "
                        + String.join(" and ", kinds)));
                return Optional.empty();
            }
            Map<String, String> conf = r.stringMap("conf");
            switch (kinds.get(0)) {
                case "argo":
                    return r.get("argo").flatMap(a -> a.map(ARGO_KEYS)).flatMap(a -> a.requiredText("url_env")
                            .flatMap(url -> a.requiredText("namespace").flatMap(ns -> a.requiredText("workflow_template")
                                    .map(t -> (StepRun) new StepRun.Argo(url, a.text("token_env").orElse(""), ns, t,
                                            conf)))));
                case "airflow":
                    return r.get("airflow").flatMap(a -> a.map(AIRFLOW_KEYS)).flatMap(a -> a.requiredText("url_env")
                            .flatMap(url -> a.requiredText("dag_id").map(dag -> (StepRun) new StepRun.Airflow(url,
                                    a.text("token_env").orElse(""), dag, conf))));
                default:
                    return r.get("webhook").flatMap(w -> w.map(WEBHOOK_KEYS)).flatMap(w -> w.requiredText("url_env")
                            .map(url -> (StepRun) new StepRun.Webhook(url, w.text("token_env").orElse(""), conf)));
            }
        });
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
                Optional<StepRun> run = m.get("run").flatMap(this::run);
                run.filter(r -> m.bool("manual", false)).ifPresent(r -> m.get("manual").orElseThrow()
                        .error("a step with run: is started by Vigil; it cannot also be manual"));
                team.ifPresent(t -> out.add(new PipelineStep(id, t, m.text("runbook").orElse(""),
                        m.duration("expected_duration"), deps, m.bool("manual", false), m.duration("deadline"), gate,
                        run)));
            }));
        }
    }
}
