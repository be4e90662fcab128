package dev.vigil.notify.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.notify.IncidentNotice;
import dev.vigil.notify.OutboxMessage;
import dev.vigil.notify.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Slack's answers mean for a page: delivered, worth retrying, or never deliverable as configured. */
class SlackNotifierTest {
    private static final WireMockServer SLACK = new WireMockServer(options().dynamicPort());
    private static final IncidentNotice NOTICE = new IncidentNotice(7, "opened", "Checkout down", "triggered", "page", "checkout",
            Map.of("service", "checkout"), "https://rb/checkout", "New incident");
    private SlackNotifier notifier;

    @BeforeAll
    static void start() {
        SLACK.start();
    }

    @AfterAll
    static void stop() {
        SLACK.stop();
    }

    @BeforeEach
    void reset() {
        SLACK.resetAll();
        notifier = SlackNotifier.create(SLACK.baseUrl() + "/api/", "xoxb-test");
    }

    private void answer(int status, String body, String retryAfter) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
        if (retryAfter != null) {
            response = response.withHeader("Retry-After", retryAfter);
        }
        SLACK.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(response));
    }

    @Test
    void anUpdateChangesEachEarlierMessageAndRepliesOnceInTheThread() {
        SLACK.stubFor(post(urlEqualTo("/api/chat.update")).withRequestBody(containing("ts=1.2"))
                .willReturn(aResponse().withStatus(200).withBody("{\"ok\":false,\"error\":\"message_not_found\"}")));
        SLACK.stubFor(post(urlEqualTo("/api/chat.update")).withRequestBody(containing("ts=1.1"))
                .willReturn(aResponse().withStatus(200).withBody("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.1\"}")));
        answer(200, "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.3\"}", null);
        dev.vigil.notify.IncidentNotice acked = new dev.vigil.notify.IncidentNotice(7, "acknowledged", "Disk full",
                "acknowledged", "page", "storage", java.util.Map.of(), "", "Acknowledged by alice");
        dev.vigil.notify.IncidentUpdate update = new dev.vigil.notify.IncidentUpdate(acked, "Acknowledged by alice");
        SendResult r = notifier.update(OutboxMessage.of("C1", "#C1", update, Instant.EPOCH), update,
                java.util.List.of(new dev.vigil.notify.Posted("C1", "1.1"), new dev.vigil.notify.Posted("C1", "1.2")));

        // The deleted message (1.2) is passed over; the thread reply hangs off the first.
        assertThat(r).isEqualTo(new SendResult.Sent("1.3"));
        SLACK.verify(postRequestedFor(urlEqualTo("/api/chat.update")).withRequestBody(containing("ts=1.1"))
                .withRequestBody(containing("Acknowledged%20by%20alice")).withRequestBody(containing("vigil_resolve"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("vigil_ack")));
        SLACK.verify(1, postRequestedFor(urlEqualTo("/api/chat.postMessage")).withRequestBody(containing("thread_ts=1.1")));

        SLACK.stubFor(post(urlEqualTo("/api/chat.update"))
                .willReturn(aResponse().withStatus(200).withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
        assertThat(notifier.update(OutboxMessage.of("C1", "#C1", update, Instant.EPOCH), update,
                java.util.List.of(new dev.vigil.notify.Posted("C1", "1.1")))).isInstanceOf(SendResult.Retryable.class);
    }

    @Test
    void aDeliveredMessageReturnsSlacksTimestampAndCarriesTheIncident() {
        answer(200, "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000000.000100\"}", null);
        assertThat(notifier.send(OutboxMessage.of("C1", "#C1", NOTICE, Instant.EPOCH)))
                .isEqualTo(new SendResult.Sent("1700000000.000100", "C1"));
        SLACK.verify(postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withHeader("Authorization", containing("Bearer xoxb-test"))
                .withRequestBody(containing("channel=C1"))
                .withRequestBody(containing("vigil_ack"))
                .withRequestBody(containing("https%3A%2F%2Frb%2Fcheckout")));
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "200 | {\"ok\":false,\"error\":\"channel_not_found\"} | -  | permanent:channel_not_found",
        "200 | {\"ok\":false,\"error\":\"invalid_auth\"}      | -  | permanent:invalid_auth",
        "200 | {\"ok\":false,\"error\":\"ratelimited\"}       | -  | retry:30",
        "200 | {\"ok\":false,\"error\":\"internal_error\"}    | -  | retry:30",
        "200 | {\"ok\":false,\"error\":\"something_new\"}     | -  | retry-capped:30",
        "429 | {\"ok\":false,\"error\":\"ratelimited\"}       | 7  | retry:7",
        "503 | upstream down                                   | -  | retry:30",
        "404 | not found                                       | -  | permanent:Slack HTTP 404",
    })
    void slacksAnswersAreClassified(int status, String body, String retryAfter, String expected) {
        answer(status, body, retryAfter);
        SendResult r = notifier.send(OutboxMessage.of("C1", "#C1", NOTICE, Instant.EPOCH));
        String got = r instanceof SendResult.Retryable rt ? "retry" + (rt.capped() ? "-capped" : "") + ":" + rt.after().toSeconds()
                : r instanceof SendResult.Permanent p ? "permanent:" + p.reason() : r.toString();
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void theHealthCheckAsksSlackAtMostOncePerPeriod() {
        SLACK.stubFor(post(urlEqualTo("/api/auth.test")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":true,\"user\":\"vigil\",\"team\":\"T\"}")));
        for (int i = 0; i < 5; i++) {
            assertThat(notifier.checkAuthCached(Duration.ofMinutes(1))).isInstanceOf(SendResult.Sent.class);
        }
        SLACK.verify(1, postRequestedFor(urlEqualTo("/api/auth.test")));
        notifier.checkAuthCached(Duration.ZERO);
        SLACK.verify(2, postRequestedFor(urlEqualTo("/api/auth.test")));
    }

    @Test
    void anUnreachableSlackIsRetryable() {
        SlackNotifier nowhere = SlackNotifier.create("http://127.0.0.1:1/api/", "xoxb-test");
        assertThat(nowhere.send(OutboxMessage.of("C1", "#C1", NOTICE, Instant.EPOCH)))
                .isInstanceOfSatisfying(SendResult.Retryable.class, r -> assertThat(r.after()).isEqualTo(Duration.ofSeconds(10)));
    }

    @Test
    void aUserWithoutSlackIdCannotBeDmed() {
        assertThat(notifier.send(OutboxMessage.of("", "alice", NOTICE, Instant.EPOCH)))
                .isEqualTo(new SendResult.Permanent("alice has no slack_id in rules/"));
        assertThat(SLACK.getAllServeEvents()).isEmpty();
    }
}
