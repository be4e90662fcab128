package dev.vigil.api;

import dev.vigil.alertmanager.AlertIngest;
import dev.vigil.command.Command;
import dev.vigil.command.CommandExecutor;
import dev.vigil.command.CommandResult;
import dev.vigil.config.RuleSet;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentAlert;
import dev.vigil.incident.IncidentStatus;
import dev.vigil.incident.IncidentStore;
import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import dev.vigil.label.MatcherParser;
import dev.vigil.routing.Router;
import dev.vigil.silence.Silence;
import dev.vigil.silence.Silences;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Alertmanager's API v2 (0.25's {@code api/v2/openapi.yaml}), so that Prometheus and amtool talk to Vigil unchanged:
 * alerts in, the active alerts, the receivers (Vigil's teams) and a status. Errors are answered as Alertmanager answers
 * them: a JSON string.
 */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
public final class AlertmanagerResource {
    /** The most open incidents whose alerts {@code GET /api/v2/alerts} shows. */
    static final int OPEN_INCIDENTS = 1000;
    private final AlertIngest ingest;
    private final Silences silences;
    private final CommandExecutor executor;
    private final dev.vigil.alertmanager.Muting muting;
    private final IncidentStore incidents;
    private final Supplier<RuleSet> rules;
    private final Instant started;
    private final java.time.InstantSource clock;
    private final String version;

    public AlertmanagerResource(AlertIngest ingest, Silences silences, CommandExecutor executor,
                                dev.vigil.alertmanager.Muting muting, IncidentStore incidents, Supplier<RuleSet> rules,
                                java.time.InstantSource clock, String version) {
        this.executor = executor;
        this.muting = muting;
        this.clock = clock;
        this.ingest = ingest;
        this.silences = silences;
        this.incidents = incidents;
        this.rules = rules;
        this.started = clock.instant();
        this.version = version;
    }

    /** A batch of alerts: the valid ones are taken even when others are not, which the 400 lists. */
    @POST
    @Path("alerts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("ingest")
    public Response post(List<AlertIngest.Postable> alerts) {
        if (alerts == null) {
            return error(400, "alerts: required (a JSON array of alerts)");
        }
        List<String> errors = ingest.post(alerts);
        return errors.isEmpty() ? Response.ok().build() : error(400, String.join("; ", errors));
    }

    /** The alerts firing in open incidents, as Alertmanager's gettableAlerts, sorted by fingerprint. */
    @GET
    @Path("alerts")
    public Response alerts(@QueryParam("filter") List<String> filter, @QueryParam("receiver") String receiver,
                           @QueryParam("active") String active, @QueryParam("silenced") String silenced,
                           @QueryParam("inhibited") String inhibited, @QueryParam("unprocessed") String unprocessed) {
        try {
            List<Map<String, Object>> out = new ArrayList<>(visible(filter, receiver, active, silenced, inhibited)
                    .stream().map(Shown::alert).toList());
            out.sort(Comparator.comparing(m -> (String) m.get("fingerprint")));
            return Response.ok(out).build();
        } catch (BadParameter e) {
            return error(400, e.getMessage());
        }
    }

    /** The same alerts by group: each open incident is a group, its team the receiver. */
    @GET
    @Path("alerts/groups")
    public Response groups(@QueryParam("filter") List<String> filter, @QueryParam("receiver") String receiver,
                           @QueryParam("active") String active, @QueryParam("silenced") String silenced,
                           @QueryParam("inhibited") String inhibited) {
        List<Shown> shown;
        try {
            shown = visible(filter, receiver, active, silenced, inhibited);
        } catch (BadParameter e) {
            return error(400, e.getMessage());
        }
        Map<Long, List<Shown>> byIncident = new LinkedHashMap<>();
        shown.forEach(x -> byIncident.computeIfAbsent(x.incident().id(), k -> new ArrayList<>()).add(x));
        List<Map<String, Object>> out = new ArrayList<>();
        RuleSet world = rules.get();
        byIncident.values().forEach(group -> {
            Incident i = group.get(0).incident();
            Labels labels = new Router(world.route()).route(group.get(0).labels()).stream()
                    .filter(m -> m.route().team().equals(i.team())).map(Router.Match::groupLabels).findFirst()
                    .orElse(Labels.empty());
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("labels", labels.asMap());
            g.put("receiver", Map.of("name", i.team()));
            g.put("alerts", group.stream().map(Shown::alert).toList());
            out.add(g);
        });
        return Response.ok(out).build();
    }

    /** A filter or receiver parameter that does not parse: Alertmanager's 400. */
    private static final class BadParameter extends RuntimeException {
        BadParameter(String message) {
            super(message);
        }
    }

    /** One alert shown, with its incident. */
    private record Shown(Incident incident, Labels labels, Map<String, Object> alert) {
    }

    /** The firing alerts of open incidents that the parameters let through, as Alertmanager's alertFilter does. */
    private List<Shown> visible(List<String> filter, String receiver, String active, String silenced,
                                String inhibited) {
        List<Matcher> matchers = new ArrayList<>();
        parse(filter, matchers).ifPresent(bad -> {
            throw new BadParameter(bad);
        });
        dev.vigil.label.GoRegex receivers;
        try {
            receivers = receiver == null ? null : dev.vigil.label.GoRegex.anchored(receiver);
        } catch (dev.vigil.label.GoRegex.Invalid e) {
            throw new BadParameter("failed to parse receiver param: " + e.getMessage());
        }
        boolean showActive = !"false".equals(active);
        boolean showSilenced = !"false".equals(silenced);
        boolean showInhibited = !"false".equals(inhibited);
        List<Shown> out = new ArrayList<>();
        RuleSet world = rules.get();
        List<Incident> open = incidents.list(EnumSet.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED),
                OPEN_INCIDENTS);
        Map<Long, List<IncidentAlert>> alerts = incidents.alerts(open.stream().map(Incident::id).toList());
        Map<String, Boolean> seen = new LinkedHashMap<>();
        List<Labels> firing = alerts.values().stream().flatMap(List::stream).filter(IncidentAlert::firing)
                .map(IncidentAlert::labels).toList();
        for (Incident i : open) {
            for (IncidentAlert a : alerts.getOrDefault(i.id(), List.of())) {
                if (!a.firing() || seen.put(a.fingerprint(), true) != null
                        || !matchers.stream().allMatch(m -> m.matches(a.labels()))) {
                    continue;
                }
                List<String> teams = new Router(world.route()).route(a.labels()).stream()
                        .map(m -> m.route().team()).distinct().toList();
                if (receivers != null && teams.stream().noneMatch(receivers::matchesWhole)) {
                    continue;
                }
                List<String> silencedBy = muting.silencedBy(a.labels());
                List<String> inhibitedBy = muting.inhibitedBy(a.labels(), firing)
                        .map(by -> List.of(dev.vigil.label.Fingerprint.of(by.source()))).orElse(List.of());
                boolean unmuted = silencedBy.isEmpty() && inhibitedBy.isEmpty();
                // Alertmanager's alertFilter: each flag set to false leaves out the alerts it names.
                if ((showSilenced || silencedBy.isEmpty()) && (showInhibited || inhibitedBy.isEmpty())
                        && (showActive || !unmuted)) {
                    out.add(new Shown(i, a.labels(), gettable(a, teams, silencedBy, inhibitedBy)));
                }
            }
        }
        return out;
    }

    private Map<String, Object> gettable(IncidentAlert a, List<String> teams, List<String> silencedBy,
                                         List<String> inhibitedBy) {
        var posted = ingest.posted(a.fingerprint());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("annotations", a.annotations());
        m.put("endsAt", posted.map(p -> p.endsAt().toString()).orElse("0001-01-01T00:00:00.000Z"));
        m.put("fingerprint", a.fingerprint());
        m.put("receivers", teams.stream().map(t -> Map.of("name", t)).toList());
        m.put("startsAt", a.startsAt().toString());
        m.put("status", Map.of("state", silencedBy.isEmpty() && inhibitedBy.isEmpty() ? "active" : "suppressed",
                "silencedBy", silencedBy, "inhibitedBy", inhibitedBy));
        m.put("updatedAt", posted.map(p -> p.updatedAt()).orElse(a.startsAt()).toString());
        m.put("generatorURL", posted.map(AlertIngest.Posted::generatorURL).orElse(""));
        m.put("labels", a.labels().asMap());
        return m;
    }

    /** A matcher as Alertmanager's API writes it. */
    public record ApiMatcher(String name, String value, Boolean isRegex, Boolean isEqual) {
    }

    /** A silence as posted: without {@code id} a new one, with it a change of that one. */
    public record PostableSilence(String id, List<ApiMatcher> matchers, String startsAt, String endsAt,
                                  String createdBy, String comment) {
    }

    @GET
    @Path("silences")
    public Response silences(@QueryParam("filter") List<String> filter) {
        List<Matcher> matchers = new ArrayList<>();
        Optional<String> bad = parse(filter, matchers);
        if (bad.isPresent()) {
            return error(400, bad.get());
        }
        Instant now = clock();
        return Response.ok(silences.list(matchers).stream().map(x -> gettable(x, now)).toList()).build();
    }

    @POST
    @Path("silences")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("respond")
    public Response postSilence(@Auth ApiPrincipal who, PostableSilence body) {
        if (body == null) {
            return error(400, "silence: required");
        }
        List<Matcher> matchers = new ArrayList<>();
        List<ApiMatcher> given = body.matchers() == null ? List.of() : body.matchers();
        for (int i = 0; i < given.size(); i++) {
            ApiMatcher m = given.get(i);
            if (m == null || m.name() == null || m.value() == null || m.name().isEmpty()) {
                return error(400, "invalid label matcher " + i + ": name and value are required");
            }
            boolean regex = Boolean.TRUE.equals(m.isRegex());
            boolean equal = m.isEqual() == null || m.isEqual();
            try {
                matchers.add(Matcher.of(m.name(), regex ? (equal ? Matcher.Op.RE : Matcher.Op.NRE)
                        : (equal ? Matcher.Op.EQ : Matcher.Op.NE), m.value()));
            } catch (dev.vigil.label.GoRegex.Invalid e) {
                return error(400, "invalid label matcher " + i + ": " + e.getMessage());
            }
        }
        Instant starts;
        Instant ends;
        try {
            starts = required("startsAt", body.startsAt());
            ends = required("endsAt", body.endsAt());
        } catch (jakarta.ws.rs.BadRequestException e) {
            return error(400, e.getMessage());
        }
        CommandResult result = executor.execute(Commands.actor(who), new Command.Silence(
                Optional.ofNullable(body.id()).filter(x -> !x.isEmpty()), matchers, starts, ends,
                body.createdBy() == null ? "" : body.createdBy(), body.comment() == null ? "" : body.comment()));
        return result instanceof CommandResult.Done d
                ? Response.ok(Map.of("silenceID", ((Silence) d.value()).id())).build() : refused(result);
    }

    /** A refused command as Alertmanager would answer it. */
    private static Response refused(CommandResult result) {
        CommandResult.Refused r = (CommandResult.Refused) result;
        return error(switch (r.reason()) {
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case INVALID -> 400;
        }, r.message());
    }

    @GET
    @Path("silence/{id}")
    public Response silence(@PathParam("id") String id) {
        return silences.find(id).map(x -> Response.ok(gettable(x, clock())).build())
                .orElseGet(() -> error(404, "silence not found"));
    }

    @DELETE
    @Path("silence/{id}")
    @RolesAllowed("respond")
    public Response expire(@Auth ApiPrincipal who, @PathParam("id") String id) {
        CommandResult result = executor.execute(Commands.actor(who), new Command.ExpireSilence(id));
        return result instanceof CommandResult.Done ? Response.ok().build() : refused(result);
    }

    private static Map<String, Object> gettable(Silence x, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", x.id());
        m.put("status", Map.of("state", x.state(now).apiName()));
        m.put("updatedAt", x.updatedAt().toString());
        m.put("matchers", x.matchers().stream().map(k -> Map.of("name", k.name(), "value", k.value(),
                "isRegex", k.op() == Matcher.Op.RE || k.op() == Matcher.Op.NRE,
                "isEqual", k.op() == Matcher.Op.EQ || k.op() == Matcher.Op.RE)).toList());
        m.put("startsAt", x.startsAt().toString());
        m.put("endsAt", x.endsAt().toString());
        m.put("createdBy", x.createdBy());
        m.put("comment", x.comment());
        return m;
    }

    private static Instant required(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new jakarta.ws.rs.BadRequestException(field + ": required (an RFC 3339 time)");
        }
        return QueryParams.instant(field, text);
    }

    private Instant clock() {
        return clock.instant();
    }

    /** The receivers: Vigil routes to teams, so each team is a receiver. */
    @GET
    @Path("receivers")
    public List<Map<String, String>> receivers() {
        return rules.get().teams().keySet().stream().sorted().map(t -> Map.of("name", t)).toList();
    }

    /** Alertmanager's status: a single node, its version and uptime, the route tree as the config. */
    @GET
    @Path("status")
    public Map<String, Object> status() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", version);
        info.put("revision", "vigil");
        info.put("branch", "");
        info.put("buildUser", "");
        info.put("buildDate", "");
        info.put("goVersion", "none (Vigil, Java " + Runtime.version().feature() + ")");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster", Map.of("status", "disabled", "peers", List.of()));
        out.put("versionInfo", info);
        out.put("config", Map.of("original", "# Vigil: routing, teams and escalation are in rules/ (docs/alertmanager.md)\n"));
        out.put("uptime", started.toString());
        return out;
    }

    /** Adds the {@code filter} parameters' matchers to {@code into}; the error for the first that does not parse. */
    private static Optional<String> parse(List<String> filter, List<Matcher> into) {
        for (String f : filter == null ? List.<String>of() : filter) {
            try {
                into.add(MatcherParser.parse(f));
            } catch (IllegalArgumentException e) {
                return Optional.of("bad matcher format: " + f);
            }
        }
        return Optional.empty();
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(quote(message)).build();
    }

    /** A JSON string: what Alertmanager's API answers an error with. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
