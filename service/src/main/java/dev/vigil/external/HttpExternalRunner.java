package dev.vigil.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.release.ExternalRunner;
import dev.vigil.release.ReleaseRun;
import dev.vigil.release.StepRun;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Automated steps over HTTP: Airflow's stable REST API ({@code POST /api/v1/dags/{dag_id}/dagRuns} with {@code conf},
 * then {@code GET /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}} until its {@code state} is {@code success} or
 * {@code failed}), Argo Server's ({@code POST /api/v1/workflows/{namespace}/submit} from a WorkflowTemplate, then
 * {@code GET /api/v1/workflows/{namespace}/{name}} until {@code status.phase} is Succeeded, Failed or Error), and
 * webhooks (a POST of the run and step). URLs and tokens are read from the environment variables
 * rules/ names; basic auth may sit in the URL. 401, 403 and 404 are refusals; 5xx, timeouts and connection errors
 * are worth asking again.
 */
public final class HttpExternalRunner implements ExternalRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Function<String, String> env;

    /** {@code env}: the process environment in the server ({@code System::getenv}). */
    public HttpExternalRunner(Function<String, String> env) {
        this.env = env;
    }

    /** The external run id Vigil gives a step's DAG run: the same on every try, so a second start finds the first. */
    static String dagRunId(ReleaseRun run, String step) {
        return "vigil-" + run.pipeline() + "-" + run.id() + "-" + step;
    }

    /**
     * The Argo workflow name Vigil gives a step's run: the same on every try (a second submit gets AlreadyExists and
     * follows the first), within Kubernetes' 63 lowercase letters, digits and dashes.
     */
    static String workflowName(ReleaseRun run, String step) {
        String raw = ("vigil-" + run.pipeline() + "-" + run.id() + "-" + step).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-");
        return raw.length() <= 63 ? raw : raw.substring(0, 63).replaceAll("-+$", "");
    }

    @Override
    public Result start(StepRun how, ReleaseRun run, String step) {
        Optional<Endpoint> base = endpoint(how);
        if (base.isEmpty()) {
            return new Refused("environment variable " + how.urlEnv() + " is not set");
        }
        ObjectNode conf = JSON.valueToTree(StepRun.fill(how.conf(), run, step));
        if (how instanceof StepRun.Airflow a) {
            String id = dagRunId(run, step);
            ObjectNode body = JSON.createObjectNode().put("dag_run_id", id);
            body.set("conf", conf);
            String path = "/api/v1/dags/" + enc(a.dagId()) + "/dagRuns";
            return call(base.get(), "POST", path, body.toString(), (status, answer) -> {
                if (status == 409) {
                    return new Started(id, link(base.get(), a, id)); // started before a crash: follow that one
                }
                String got = answer.path("dag_run_id").asText(id);
                return new Started(got, link(base.get(), a, got));
            });
        }
        if (how instanceof StepRun.Argo a) {
            String name = workflowName(run, step);
            ObjectNode body = JSON.createObjectNode().put("namespace", a.namespace())
                    .put("resourceKind", "WorkflowTemplate").put("resourceName", a.workflowTemplate());
            ObjectNode options = body.putObject("submitOptions").put("name", name)
                    .put("labels", "vigil.dev/run=" + run.id());
            var parameters = options.putArray("parameters");
            StepRun.fill(how.conf(), run, step).forEach((k, v) -> parameters.add(k + "=" + v));
            return call(base.get(), "POST", "/api/v1/workflows/" + enc(a.namespace()) + "/submit", body.toString(),
                    (status, answer) -> {
                        String got = status == 409 ? name : answer.path("metadata").path("name").asText(name);
                        return new Started(got, base.get().url() + "/workflows/" + enc(a.namespace()) + "/" + enc(got));
                    });
        }
        ObjectNode body = JSON.createObjectNode().put("pipeline", run.pipeline()).put("version", run.version())
                .put("run", run.id()).put("step", step)
                .put("report", "/api/v1/releases/" + run.id() + "/steps/" + enc(step));
        body.set("conf", conf);
        return call(base.get(), "POST", "", body.toString(), (status, answer) -> new Started("", ""));
    }

    @Override
    public Result check(StepRun how, String externalId) {
        Optional<Endpoint> base = endpoint(how);
        if (base.isEmpty()) {
            return new Refused("environment variable " + how.urlEnv() + " is not set");
        }
        if (how instanceof StepRun.Argo w) {
            return call(base.get(), "GET", "/api/v1/workflows/" + enc(w.namespace()) + "/" + enc(externalId), null,
                    (status, answer) -> {
                        JsonNode st = answer.path("status");
                        return switch (st.path("phase").asText("")) {
                            case "Succeeded" -> new Succeeded();
                            case "Failed", "Error" -> new Failed("Argo workflow " + externalId + " "
                                    + st.path("phase").asText().toLowerCase(java.util.Locale.ROOT)
                                    + (st.path("message").asText("").isEmpty() ? "" : ": " + st.path("message").asText()));
                            default -> new Running(); // Pending, Running, or not yet picked up
                        };
                    });
        }
        if (!(how instanceof StepRun.Airflow a)) {
            return new Running(); // a webhook's job reports back itself
        }
        return call(base.get(), "GET", "/api/v1/dags/" + enc(a.dagId()) + "/dagRuns/" + enc(externalId), null,
                (status, answer) -> switch (answer.path("state").asText("")) {
                    case "success" -> new Succeeded();
                    case "failed" -> new Failed("Airflow DAG run " + externalId + " of " + a.dagId() + " failed");
                    default -> new Running(); // queued, running
                });
    }

    private interface Answer {
        Result on(int status, JsonNode body);
    }

    private Result call(Endpoint base, String method, String path, String body, Answer ok) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json");
        base.authorization().ifPresent(v -> b.header("Authorization", v));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Unreachable(base.redacted() + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unreachable("interrupted");
        }
        int status = r.statusCode();
        if ((status >= 200 && status < 300) || status == 409 && method.equals("POST")) {
            JsonNode answer;
            try {
                answer = r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            } catch (IOException e) {
                answer = JSON.createObjectNode();
            }
            return ok.on(status, answer);
        }
        String what = base.redacted() + path + " answered HTTP " + status;
        return status >= 500 || status == 429 || status == 408 ? new Unreachable(what) : new Refused(what);
    }

    /** Where to call, and how to authenticate: a bearer token from {@code token_env}, or basic auth in the URL. */
    private record Endpoint(String url, Optional<String> authorization, String redacted) {
    }

    private Optional<Endpoint> endpoint(StepRun how) {
        String raw = env.apply(how.urlEnv());
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        URI uri = URI.create(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
        Optional<String> auth = Optional.empty();
        String token = how.tokenEnv().isEmpty() ? null : env.apply(how.tokenEnv());
        if (token != null && !token.isBlank()) {
            auth = Optional.of("Bearer " + token);
        } else if (uri.getRawUserInfo() != null) {
            auth = Optional.of("Basic " + Base64.getEncoder().encodeToString(
                    java.net.URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
        }
        String bare = uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst("^.*@", "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return Optional.of(new Endpoint(bare, auth, bare));
    }

    /** Airflow's web page of the DAG run. */
    private static String link(Endpoint base, StepRun.Airflow a, String id) {
        return base.url() + "/dags/" + enc(a.dagId()) + "/grid?dag_run_id=" + enc(id);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
