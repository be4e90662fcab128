package dev.vigil.datasource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.label.Labels;
import dev.vigil.promql.EvalException;
import dev.vigil.promql.Expr;
import dev.vigil.promql.Value;
import dev.vigil.rule.RuleQuerier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates rule expressions on a remote Prometheus-compatible server (Prometheus, Thanos, Mimir,
 * VictoriaMetrics) through its {@code /api/v1/query}. Any failure (timeout, HTTP error, an error answer)
 * is an EvalException, so the rule's alerts keep their state rather than resolve.
 */
public final class RemoteQuerier implements RuleQuerier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    public RemoteQuerier(String name, String baseUrl, Duration timeout) {
        this.name = name;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Value query(String exprText, Expr expr, long ts) {
        URI uri = URI.create(baseUrl + "/api/v1/query?query=" + URLEncoder.encode(exprText, StandardCharsets.UTF_8)
                + "&time=" + (ts / 1000.0));
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new EvalException("datasource " + name + ": query timed out after " + timeout.toMillis() + "ms");
        } catch (IOException e) {
            throw new EvalException("datasource " + name + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("datasource " + name + ": interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new EvalException("datasource " + name + ": HTTP " + r.statusCode() + ", not a Prometheus answer");
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new EvalException("datasource " + name + ": HTTP " + r.statusCode() + ": "
                    + body.path("errorType").asText("error") + ": " + body.path("error").asText("no error message"));
        }
        return value(body.path("data"), ts);
    }

    private Value value(JsonNode data, long ts) {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        switch (type) {
            case "scalar":
                return new Value.Scalar(number(result.get(1)));
            case "vector":
                List<Value.Sample> samples = new ArrayList<>();
                for (JsonNode s : result) {
                    samples.add(new Value.Sample(labels(s.path("metric")), number(s.path("value").get(1)), ts));
                }
                return new Value.Vector(samples);
            default:
                throw new EvalException("datasource " + name + ": a rule needs a vector or scalar, got " + type);
        }
    }

    private static Labels labels(JsonNode metric) {
        Map<String, String> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return Labels.of(m);
    }

    private double number(JsonNode n) {
        if (n == null) {
            throw new EvalException("datasource " + name + ": a sample without a value");
        }
        return switch (n.asText()) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(n.asText());
        };
    }
}
