package dev.vigil.api;

import dev.vigil.promql.EvalException;
import dev.vigil.promql.Evaluator;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.Parser;
import dev.vigil.promql.Value;
import dev.vigil.rule.ActiveAlert;
import dev.vigil.rule.AlertState;
import dev.vigil.rule.GroupEvaluator;
import dev.vigil.rule.Rule;
import dev.vigil.rule.RuleManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Prometheus's query, rules and alerts endpoints, in Prometheus's JSON shape, over the embedded engine. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class PrometheusApiResource {
    private final Evaluator engine;
    private final RuleManager rules;
    private final InstantSource clock;

    public PrometheusApiResource(Evaluator engine, RuleManager rules, InstantSource clock) {
        this.engine = engine;
        this.rules = rules;
        this.clock = clock;
    }

    @GET
    @Path("query")
    public Response query(@QueryParam("query") String query, @QueryParam("time") String time) {
        if (query == null || query.isBlank()) {
            return error("bad_data", "query: required (a PromQL expression)");
        }
        long ts;
        try {
            ts = time == null || time.isBlank() ? clock.instant().toEpochMilli() : parseTime(time);
        } catch (NumberFormatException e) {
            return error("bad_data", "time: cannot parse \"" + QueryParams.shorten(time) + "\" to a valid timestamp");
        }
        try {
            Value v = engine.instant(Parser.parse(query), ts);
            return ok(Map.of("resultType", type(v), "result", result(v, ts)));
        } catch (ParseException e) {
            return error("bad_data", "invalid parameter \"query\": " + e.getMessage());
        } catch (EvalException e) {
            return error(e.errorType(), e.getMessage());
        } catch (ArithmeticException | IllegalArgumentException e) {
            return error("bad_data", "query cannot be evaluated: " + e.getMessage());
        }
    }

    @GET
    @Path("rules")
    public Response rules(@QueryParam("type") String type) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (RuleManager.GroupStatus s : rules.status()) {
            List<Map<String, Object>> out = new ArrayList<>();
            List<GroupEvaluator.RuleResult> last = s.lastResults();
            for (int i = 0; i < s.group().rules().size(); i++) {
                Rule r = s.group().rules().get(i);
                boolean alerting = r instanceof Rule.Alerting;
                if (("alert".equals(type) && !alerting) || ("record".equals(type) && alerting)) {
                    continue;
                }
                Optional<GroupEvaluator.RuleResult> res = i < last.size() ? Optional.of(last.get(i)) : Optional.empty();
                out.add(rule(s, r, res));
            }
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("name", s.group().name());
            g.put("file", s.group().file());
            g.put("rules", out);
            g.put("interval", s.interval().toMillis() / 1000.0);
            g.put("limit", s.group().limit());
            g.put("evaluationTime", s.lastDurationSeconds());
            g.put("lastEvaluation", s.lastEvaluation().map(Instant::toString).orElse("0001-01-01T00:00:00Z"));
            groups.add(g);
        }
        return ok(Map.of("groups", groups));
    }

    @GET
    @Path("alerts")
    public Response alerts() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ActiveAlert a : rules.activeAlerts()) {
            out.add(alert(a));
        }
        return ok(Map.of("alerts", out));
    }

    private Map<String, Object> rule(RuleManager.GroupStatus s, Rule r, Optional<GroupEvaluator.RuleResult> res) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("query", r.exprText());
        m.put("health", res.map(x -> x.error().isPresent() ? "err" : "ok").orElse("unknown"));
        m.put("lastError", res.flatMap(GroupEvaluator.RuleResult::error).orElse(""));
        m.put("evaluationTime", res.map(x -> x.durationNanos() / 1e9).orElse(0.0));
        m.put("lastEvaluation", s.lastEvaluation().map(Instant::toString).orElse("0001-01-01T00:00:00Z"));
        if (r instanceof Rule.Alerting a) {
            List<ActiveAlert> alerts = s.evaluator().alertState(r).map(st -> st.alerts().stream()
                    .filter(x -> x.state() != AlertState.INACTIVE).toList()).orElse(List.of());
            m.put("state", alerts.stream().anyMatch(x -> x.state() == AlertState.FIRING) ? "firing"
                    : alerts.isEmpty() ? "inactive" : "pending");
            m.put("duration", a.forDuration().toSeconds());
            m.put("keepFiringFor", a.keepFiringFor().toSeconds());
            m.put("labels", a.labels());
            m.put("annotations", a.annotations());
            m.put("alerts", alerts.stream().map(PrometheusApiResource::alert).toList());
            m.put("type", "alerting");
        } else {
            m.put("labels", ((Rule.Recording) r).labels());
            m.put("type", "recording");
        }
        return m;
    }

    private static Map<String, Object> alert(ActiveAlert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", a.labels().asMap());
        m.put("annotations", a.annotations());
        m.put("state", a.state().apiName());
        m.put("activeAt", Instant.ofEpochMilli(a.activeAt()).toString());
        m.put("value", dev.vigil.promql.GoFloat.formatExponent(a.value(), 'e')); // Prometheus: FormatFloat 'e', -1
        return m;
    }

    private static String type(Value v) {
        if (v instanceof Value.Scalar) {
            return "scalar";
        }
        if (v instanceof Value.Str) {
            return "string";
        }
        return v instanceof Value.Matrix ? "matrix" : "vector";
    }

    private static Object result(Value v, long ts) {
        if (v instanceof Value.Scalar s) {
            return List.of(seconds(ts), number(s.value()));
        }
        if (v instanceof Value.Str s) {
            return List.of(seconds(ts), s.value());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (v instanceof Value.Vector vec) {
            for (Value.Sample s : vec.samples()) {
                out.add(Map.of("metric", s.labels().asMap(), "value", List.of(seconds(ts), number(s.value()))));
            }
        } else {
            for (Value.Series s : ((Value.Matrix) v).series()) {
                out.add(Map.of("metric", s.labels().asMap(), "values",
                        s.points().stream().map(p -> List.of(seconds(p.t()), number(p.value()))).toList()));
            }
        }
        return out;
    }

    /** Unix seconds with milliseconds, written plain (1435781451.781), as Prometheus writes them. */
    private static BigDecimal seconds(long ms) {
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros();
    }

    /** Sample values as Prometheus writes them: strings, with NaN and ±Inf spelled out. */
    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return dev.vigil.promql.GoFloat.format(v);
    }

    /** RFC 3339 or Unix seconds, as Prometheus accepts. */
    private static long parseTime(String t) {
        double millis;
        try {
            millis = Double.parseDouble(t) * 1000;
        } catch (NumberFormatException e) {
            try {
                millis = Instant.parse(t).toEpochMilli();
            } catch (java.time.format.DateTimeParseException | ArithmeticException e2) {
                throw new NumberFormatException(t);
            }
        }
        // Years 1 to 9999: beyond them the engine's time arithmetic would overflow.
        if (!(millis >= YEAR_1_MS && millis <= QueryParams.LATEST.toEpochMilli())) {
            throw new NumberFormatException(t);
        }
        return Math.round(millis);
    }

    private static final double YEAR_1_MS = -62_135_596_800_000.0;

    private static Response ok(Object data) {
        return Response.ok(Map.of("status", "success", "data", data)).build();
    }

    /** Prometheus's API statuses: bad_data 400, execution 422, timeout 503. */
    private static Response error(String type, String message) {
        int status = switch (type) {
            case "execution" -> 422;
            case "timeout" -> 503;
            default -> 400;
        };
        return Response.status(status).entity(Map.of("status", "error", "errorType", type, "error", message)).build();
    }

}
