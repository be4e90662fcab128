package dev.vigil.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.app_backend.SlackSignature;
import dev.vigil.command.Actor;
import dev.vigil.command.Command;
import dev.vigil.command.CommandExecutor;
import dev.vigil.command.CommandResult;
import dev.vigil.command.Console;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentStatus;
import dev.vigil.incident.IncidentStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's interactivity ({@code POST /slack/actions}: the Acknowledge, Resolve and Escalate buttons) and the
 * {@code /vigil} slash command ({@code POST /slack/commands}). Each request is verified on its raw body against the
 * signing secret (5 minutes' replay window) with the Slack SDK's verifier; a bad or missing signature is a 401 and
 * changes nothing. The Slack user acts as the Vigil user with that {@code slack_id}. Slack waits 3 seconds for an
 * answer: work that takes longer answers "working on it" and its result goes to the request's {@code response_url}.
 */
@Path("/slack")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.APPLICATION_JSON)
public final class SlackResource {
    private static final Logger LOG = LoggerFactory.getLogger(SlackResource.class);
    /** How long a request waits for its work before answering anyway: well inside Slack's 3 seconds. */
    static final Duration ANSWER_WITHIN = Duration.ofMillis(2500);
    static final String STRANGER = "You are not a Vigil user: ask an admin to add your Slack id (users[].slack_id in "
            + "rules/). Nothing was changed.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<SlackSignature.Verifier> verifier;
    private final Console console;
    private final CommandExecutor executor;
    private final IncidentStore incidents;
    private final ResponseUrl replies;
    private final InstantSource clock;
    private final Executor work;
    private final Duration answerWithin;

    public SlackResource(String signingSecret, Console console, CommandExecutor executor, IncidentStore incidents,
                         ResponseUrl replies, InstantSource clock, Executor work) {
        this(signingSecret, console, executor, incidents, replies, clock, work, ANSWER_WITHIN);
    }

    /** The same, answering after {@code answerWithin} at most (tests shorten it). */
    SlackResource(String signingSecret, Console console, CommandExecutor executor, IncidentStore incidents,
                  ResponseUrl replies, InstantSource clock, Executor work, Duration answerWithin) {
        this.answerWithin = answerWithin;
        this.verifier = signingSecret == null || signingSecret.isEmpty() ? Optional.empty()
                : Optional.of(new SlackSignature.Verifier(new SlackSignature.Generator(signingSecret)));
        this.console = console;
        this.executor = executor;
        this.incidents = incidents;
        this.replies = replies;
        this.clock = clock;
        this.work = work;
    }

    @POST
    @Path("commands")
    public Response command(@HeaderParam(SlackSignature.HeaderNames.X_SLACK_SIGNATURE) String signature,
                            @HeaderParam(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP) String timestamp,
                            String body) {
        Optional<Response> refused = verify(signature, timestamp, body);
        if (refused.isPresent()) {
            return refused.get();
        }
        Map<String, String> form = form(body);
        Optional<String> user = console.userBySlackId(form.getOrDefault("user_id", ""));
        if (user.isEmpty()) {
            return ephemeral(STRANGER);
        }
        String text = form.getOrDefault("text", "");
        String responseUrl = form.getOrDefault("response_url", "");
        return answer(() -> console.answer(new Actor.User(user.get()), text), responseUrl)
                .map(SlackResource::ephemeral)
                .orElseGet(() -> ephemeral("Working on it… the answer follows here."));
    }

    @POST
    @Path("actions")
    public Response action(@HeaderParam(SlackSignature.HeaderNames.X_SLACK_SIGNATURE) String signature,
                           @HeaderParam(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP) String timestamp,
                           String body) {
        Optional<Response> refused = verify(signature, timestamp, body);
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(form(body).getOrDefault("payload", ""));
        } catch (IOException e) {
            return error(400, "payload: not JSON");
        }
        if (payload == null || !"block_actions".equals(payload.path("type").asText())) {
            return Response.ok().build(); // other interactions (view submissions, shortcuts) are not Vigil's
        }
        String responseUrl = payload.path("response_url").asText("");
        Optional<String> user = console.userBySlackId(payload.path("user").path("id").asText(""));
        if (user.isEmpty()) {
            replies.send(responseUrl, STRANGER);
            return Response.ok().build();
        }
        for (JsonNode a : payload.path("actions")) {
            String actionId = a.path("action_id").asText("");
            String value = a.path("value").asText("");
            answer(() -> click(new Actor.User(user.get()), actionId, value), responseUrl)
                    .filter(text -> !text.isEmpty()).ifPresent(text -> replies.send(responseUrl, text));
        }
        return Response.ok().build();
    }

    /** What a button does; the answer for the clicker alone, or "" when the message's own update says it all. */
    private String click(Actor.User user, String actionId, String value) {
        if (actionId.equals("vigil_runbook")) {
            return "";
        }
        if (actionId.equals("vigil_step_done") || actionId.equals("vigil_step_failed")) {
            return step(user, actionId.equals("vigil_step_done"), value);
        }
        long id;
        try {
            id = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return "That button names no incident (" + value + "); nothing was changed.";
        }
        Optional<Incident> before = incidents.find(id);
        if (before.isEmpty()) {
            return "Incident " + id + " does not exist; nothing was changed.";
        }
        IncidentStatus status = before.get().status();
        Command command;
        switch (actionId) {
            case "vigil_ack" -> command = new Command.Acknowledge(id);
            case "vigil_resolve" -> command = new Command.Resolve(id);
            case "vigil_escalate" -> command = new Command.Escalate(id);
            default -> {
                return "Vigil does not know the button " + actionId + "; nothing was changed.";
            }
        }
        if (status == IncidentStatus.RESOLVED || status == IncidentStatus.ACKNOWLEDGED && actionId.equals("vigil_ack")) {
            return "Incident #" + id + " is already " + status.apiName() + "; nothing was changed.";
        }
        CommandResult r = executor.execute(user, command);
        return r instanceof CommandResult.Refused refused ? "Refused: " + refused.message() : "";
    }

    /** Mark done / Mark failed on a "now you do this" notice: {@code value} is {@code RUN/STEP}. */
    private String step(Actor.User user, boolean done, String value) {
        int slash = value.indexOf('/');
        long run;
        try {
            run = Long.parseLong(slash < 0 ? "" : value.substring(0, slash));
        } catch (NumberFormatException e) {
            return "That button names no release step (" + value + "); nothing was changed.";
        }
        String step = value.substring(slash + 1);
        CommandResult r = executor.execute(user, new Command.ReportStep(run, step,
                done ? dev.vigil.release.StepStatus.SUCCEEDED : dev.vigil.release.StepStatus.FAILED,
                "marked " + (done ? "done" : "failed") + " in Slack by " + user.id(), ""));
        return r instanceof CommandResult.Refused refused ? "Refused: " + refused.message() : r.message();
    }

    /**
     * Runs {@code task} on the work pool and waits for it up to {@link #ANSWER_WITHIN}; when it takes longer its answer
     * goes to {@code responseUrl} once ready and this returns empty.
     */
    private Optional<String> answer(Supplier<String> task, String responseUrl) {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(task, work);
        try {
            return Optional.of(f.get(answerWithin.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            f.thenAccept(text -> replies.send(responseUrl, text));
            return Optional.empty();
        } catch (ExecutionException e) {
            LOG.error("a Slack request failed", e.getCause());
            return Optional.of("Vigil could not do that (an internal error, logged); nothing was changed.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Optional<Response> verify(String signature, String timestamp, String body) {
        if (verifier.isEmpty()) {
            LOG.warn("a Slack request arrived but slack.signingSecret is not set; refused");
            return Optional.of(error(401, "slack.signingSecret is not set: Slack requests cannot be verified"));
        }
        if (signature == null || timestamp == null || body == null
                || !verifier.get().isValid(timestamp, body, signature, clock.millis())) {
            return Optional.of(error(401, "bad or missing Slack signature (X-Slack-Signature, X-Slack-Request-Timestamp;"
                    + " requests older than 5 minutes are refused)"));
        }
        return Optional.empty();
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            try {
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: the field is left out, as if absent
            }
        }
        return out;
    }

    private static Response ephemeral(String text) {
        return Response.ok(Map.of("response_type", "ephemeral", "text", text)).build();
    }

    private static Response error(int code, String message) {
        return Response.status(code).entity(Map.of("code", code, "message", message)).type(MediaType.APPLICATION_JSON)
                .build();
    }
}
