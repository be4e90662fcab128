package dev.vigil.bench;

import com.slack.api.app_backend.SlackSignature;
import dev.vigil.testing.FakeSlack;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilHarness;
import io.dropwizard.testing.ConfigOverride;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Slack benchmark of docs/benchmarks.md (run it with bench/slack.sh): the real application on the embedded
 * PostgreSQL, WireMock as Slack. Twenty teams are paged (one incident each, its own channel); then clicks
 * alternate Acknowledge and Escalate on them in turn, signed as Slack signs them, and each click is timed from
 * sending it to the moment Slack receives the {@code chat.update} that shows its result on the channel message.
 */
public final class SlackClickBench {
    private static final String SECRET = "test-signing-secret";
    private static final int TEAMS = 20;
    private static final Pattern INCIDENT = Pattern.compile("incident #(\\d+)");

    private record Arrival(long nanos, String channel, String ts, String text) {
    }

    private SlackClickBench() {
    }

    public static void main(String[] args) throws Exception {
        int clicks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long spacingMs = args.length > 1 ? Long.parseLong(args[1]) : 60;
        try (FakeSlack slack = new FakeSlack()) {
            ConcurrentLinkedQueue<Arrival> updates = new ConcurrentLinkedQueue<>();
            slack.server.addMockServiceRequestListener((request, response) -> {
                if (request.getUrl().equals(FakeSlack.UPDATE)) {
                    Map<String, String> f = FakeSlack.form(request.getBodyAsString());
                    updates.add(new Arrival(System.nanoTime(), f.get("channel"), f.get("ts"), f.get("text")));
                }
            });
            MutableClock clock = new MutableClock(Instant.now());
            Path work = Files.createTempDirectory("vigil-slack-bench");
            try (VigilHarness app = new VigilHarness(TestDatabase.postgres(), "slackbench", work, Map.of(), clock,
                    ConfigOverride.config("slack.apiUrl", slack.apiUrl())).start()) {
                long[] incident = new long[TEAMS];
                String[] ts = new String[TEAMS];
                for (int i = 0; i < TEAMS; i++) {
                    String answer = command(app, clock, String.format("U%02dRESP", i),
                            String.format("page team%02d bench incident %d", i, i), slack.responseUrl());
                    Matcher m = INCIDENT.matcher(answer);
                    if (!m.find()) {
                        throw new IllegalStateException("page answered: " + answer);
                    }
                    incident[i] = Long.parseLong(m.group(1));
                }
                for (int i = 0; i < TEAMS; i++) {
                    String channel = String.format("C%02dTEAM", i);
                    long id = incident[i];
                    ts[i] = waitFor(() -> slack.posts().stream().filter(p -> p.channel().equals(channel)
                            && p.text().contains("#" + id + " ")).map(FakeSlack.Post::ts).findFirst().orElse(null));
                }
                List<Double> millis = new ArrayList<>();
                int warmup = Math.min(100, clicks / 5);
                for (int k = 0; k < clicks + warmup; k++) {
                    int i = k % TEAMS;
                    boolean ack = (k / TEAMS) % 2 == 0;
                    String channel = String.format("C%02dTEAM", i);
                    String expect = ack ? "acknowledged" : "triggered";
                    String body = action(String.format("U%02dRESP", i), ack ? "vigil_ack" : "vigil_escalate",
                            incident[i], channel, ts[i], slack.responseUrl());
                    long t0 = System.nanoTime();
                    long now = clock.instant().getEpochSecond();
                    VigilHarness.Reply r = app.postForm("/slack/actions", body, "X-Slack-Request-Timestamp",
                            String.valueOf(now), "X-Slack-Signature",
                            new SlackSignature.Generator(SECRET).generate(String.valueOf(now), body));
                    if (r.status() != 200) {
                        throw new IllegalStateException("click answered " + r.status() + ": " + r.body());
                    }
                    String tsI = ts[i];
                    Arrival a = waitFor(() -> updates.stream().filter(u -> u.nanos() >= t0 && channel.equals(u.channel())
                            && tsI.equals(u.ts()) && u.text() != null && u.text().contains(expect)).findFirst().orElse(null));
                    if (k >= warmup) {
                        millis.add((a.nanos() - t0) / 1e6);
                    }
                    updates.removeIf(u -> u.nanos() < t0);
                    Thread.sleep(spacingMs);
                }
                Collections.sort(millis);
                System.out.printf("clicks: %d (after %d not counted), one every ~%d ms over %d channels%n",
                        millis.size(), warmup, spacingMs, TEAMS);
                System.out.printf("click to chat.update received: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        pct(millis, 50), pct(millis, 99), millis.get(millis.size() - 1));
                System.out.println("target (p99 < 300 ms): " + (pct(millis, 99) < 300 ? "met" : "NOT met"));
            }
        }
        System.exit(0);
    }

    private static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static <T> T waitFor(java.util.function.Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("waited 30 s");
    }

    private static String command(VigilHarness app, MutableClock clock, String user, String text, String responseUrl) {
        String body = "team_id=T1&channel_id=C1&user_id=" + user + "&command=%2Fvigil&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&response_url="
                + URLEncoder.encode(responseUrl, StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        return app.postForm("/slack/commands", body, "X-Slack-Request-Timestamp", String.valueOf(now),
                "X-Slack-Signature", new SlackSignature.Generator(SECRET).generate(String.valueOf(now), body))
                .json().get("text").asText();
    }

    private static String action(String user, String actionId, long id, String channel, String ts, String responseUrl) {
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"" + user + "\"},\"container\":{\"type\":"
                + "\"message\",\"message_ts\":\"" + ts + "\",\"channel_id\":\"" + channel + "\"},\"response_url\":\""
                + responseUrl + "\",\"actions\":[{\"type\":\"button\",\"action_id\":\"" + actionId + "\",\"value\":\""
                + id + "\"}]}";
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }
}
