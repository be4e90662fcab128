package dev.vigil.release;

import java.util.Map;

/**
 * How Vigil runs an automated step itself when its turn comes (SPEC §3.3 {@code run:}): the URL and token come
 * from environment variables named here, never from rules/. {@code conf} is passed to the DAG run or the webhook,
 * with {@code {{ .Run.ID }}}, {@code {{ .Run.Version }}}, {@code {{ .Run.Pipeline }}} and {@code {{ .Step.ID }}}
 * filled in.
 */
public sealed interface StepRun {
    String urlEnv();

    /** The variable holding a bearer token, or "" (basic auth may be in the URL). */
    String tokenEnv();

    Map<String, String> conf();

    /** A DAG run through Airflow's stable REST API. */
    record Airflow(String urlEnv, String tokenEnv, String dagId, Map<String, String> conf) implements StepRun {
        public Airflow {
            conf = Map.copyOf(conf);
        }
    }

    /** A workflow submitted from a WorkflowTemplate through Argo Server's API; {@code conf} becomes its parameters. */
    record Argo(String urlEnv, String tokenEnv, String namespace, String workflowTemplate, Map<String, String> conf)
            implements StepRun {
        public Argo {
            conf = Map.copyOf(conf);
        }
    }

    /** A POST of the run and step; the job reports back through the steps API. */
    record Webhook(String urlEnv, String tokenEnv, Map<String, String> conf) implements StepRun {
        public Webhook {
            conf = Map.copyOf(conf);
        }
    }

    /** {@code conf} with the run's and step's values filled in. */
    static Map<String, String> fill(Map<String, String> conf, ReleaseRun run, String step) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        conf.forEach((k, v) -> out.put(k, v.replace("{{ .Run.ID }}", String.valueOf(run.id()))
                .replace("{{ .Run.Version }}", run.version()).replace("{{ .Run.Pipeline }}", run.pipeline())
                .replace("{{ .Step.ID }}", step)));
        return out;
    }
}
