package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alert.Alert;
import dev.vigil.command.Actor;
import dev.vigil.command.Command;
import dev.vigil.command.CommandExecutor;
import dev.vigil.config.RuleSet;
import dev.vigil.incident.AlertIntake;
import dev.vigil.incident.IncidentStore;
import dev.vigil.label.Labels;
import dev.vigil.pagerduty.Integration;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * PagerDuty's Events API v2 ({@code POST /v2/enqueue}), so that anything that can page PagerDuty can page Vigil: the
 * {@code routing_key} is an integration key from rules/ ({@code integrations:}), which names the team paged. The key is
 * the credential, as at PagerDuty. A trigger opens (or joins) the incident of its {@code dedup_key}, a resolve ends it,
 * an acknowledge acknowledges it. Answers as PagerDuty does: 202 with the dedup key, or 400 saying what is invalid.
 */
@Path("/v2/enqueue")
@Produces(MediaType.APPLICATION_JSON)
public final class PagerDutyResource {
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    private final AlertIntake intake;
    private final IncidentStore incidents;
    private final CommandExecutor executor;
    private final Supplier<RuleSet> rules;
    private final Function<String, String> env;
    private final InstantSource clock;

    public PagerDutyResource(AlertIntake intake, IncidentStore incidents, CommandExecutor executor,
                             Supplier<RuleSet> rules, Function<String, String> env, InstantSource clock) {
        this.intake = intake;
        this.incidents = incidents;
        this.executor = executor;
        this.rules = rules;
        this.env = env;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enqueue(JsonNode event) {
        if (event == null || !event.isObject()) {
            return invalid(List.of("the event must be a JSON object"));
        }
        String key = text(event, "routing_key");
        Optional<Integration> integration = rules.get().integrations().stream()
                .filter(i -> i.resolve(env).filter(k -> !key.isEmpty() && k.equals(key)).isPresent()).findFirst();
        String action = text(event, "event_action");
        String dedup = text(event, "dedup_key");
        JsonNode payload = event.path("payload");
        List<String> errors = new ArrayList<>();
        if (integration.isEmpty()) {
            errors.add("'routing_key' is invalid: it is not an integration key in rules/");
        }
        switch (action) {
            case "trigger" -> {
                for (String field : List.of("summary", "source", "severity")) {
                    if (text(payload, field).isEmpty()) {
                        errors.add("'payload." + field + "' is missing or blank");
                    }
                }
                if (!text(payload, "severity").isEmpty() && !SEVERITIES.contains(text(payload, "severity"))) {
                    errors.add("'payload.severity' must be one of critical, error, warning, info");
                }
                if (text(payload, "summary").length() > 1024) {
                    errors.add("'payload.summary' is longer than 1024 characters");
                }
            }
            case "acknowledge", "resolve" -> {
                if (dedup.isEmpty()) {
                    errors.add("'dedup_key' is required to " + action);
                }
            }
            default -> errors.add("'event_action' must be one of trigger, acknowledge, resolve");
        }
        if (dedup.length() > 255) {
            errors.add("'dedup_key' is longer than 255 characters");
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        Integration i = integration.get();
        String dedupKey = dedup.isEmpty() ? UUID.randomUUID().toString().replace("-", "") : dedup;
        Labels labels = Labels.of("alertname", "PagerDutyEvent", "integration", i.name(), "dedup_key", dedupKey);
        String group = "integration/" + i.name() + "/" + dedupKey;
        switch (action) {
            case "trigger" -> intake.receive(new Alert(labels, annotations(payload, event), Alert.State.FIRING,
                    clock.instant()), i.team(), group);
            case "resolve" -> intake.receive(new Alert(labels, Map.of(), Alert.State.RESOLVED, clock.instant()),
                    i.team(), group);
            default -> incidents.findOpen(group).ifPresent(incident -> executor.execute(new Actor.Token(i.name(), "respond"),
                    new Command.Acknowledge(incident.id())));
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("status", "success");
        out.put("message", "Event processed");
        out.put("dedup_key", dedupKey);
        return Response.accepted(out).build();
    }

    private static Map<String, String> annotations(JsonNode payload, JsonNode event) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String field : List.of("summary", "source", "severity", "component", "group", "class")) {
            if (!text(payload, field).isEmpty()) {
                a.put(field, text(payload, field));
            }
        }
        if (payload.has("custom_details")) {
            a.put("custom_details", payload.get("custom_details").toString());
        }
        JsonNode link = event.path("links").path(0).path("href");
        if (link.isTextual()) {
            a.put("url", link.asText());
        }
        return a;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText().strip() : "";
    }

    private static Response invalid(List<String> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "invalid event");
        out.put("message", "Event object is invalid");
        out.put("errors", errors);
        return Response.status(400).entity(out).build();
    }
}
