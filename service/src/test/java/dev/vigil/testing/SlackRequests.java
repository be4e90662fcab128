package dev.vigil.testing;

import com.slack.api.app_backend.SlackSignature;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;

/**
 * Requests as Slack sends them to {@code /slack/actions} and {@code /slack/commands}: form-encoded, in Slack's own
 * payload shapes, signed with the test config's signing secret at the clock's time.
 */
public final class SlackRequests {
    public static final String SECRET = "test-signing-secret";

    private SlackRequests() {
    }

    /** A {@code block_actions} interaction: user, container (channel, message ts), one button with its value. */
    public static String actionBody(String user, String actionId, String value, String channel, String ts,
                                    String responseUrl) {
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\",\"domain\":\"example\"},"
                + "\"user\":{\"id\":\"" + user + "\",\"username\":\"someone\",\"team_id\":\"T1\"},"
                + "\"api_app_id\":\"A1\",\"token\":\"legacy\",\"trigger_id\":\"1.2.3\","
                + "\"container\":{\"type\":\"message\",\"message_ts\":\"" + ts + "\",\"channel_id\":\"" + channel
                + "\",\"is_ephemeral\":false},\"channel\":{\"id\":\"" + channel + "\",\"name\":\"a-channel\"},"
                + "\"message\":{\"type\":\"message\",\"ts\":\"" + ts + "\",\"text\":\"…\"},"
                + "\"response_url\":\"" + responseUrl + "\","
                + "\"actions\":[{\"type\":\"button\",\"block_id\":\"b1\",\"action_id\":\"" + actionId
                + "\",\"text\":{\"type\":\"plain_text\",\"text\":\"Go\"},\"value\":\"" + value
                + "\",\"action_ts\":\"1700000001.000200\"}]}";
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    /** {@code /vigil TEXT} typed by {@code user} in {@code channel}. */
    public static String commandBody(String user, String channel, String text, String responseUrl) {
        return "token=legacy&team_id=T1&team_domain=example&channel_id=" + channel + "&channel_name=a-channel"
                + "&user_id=" + user + "&user_name=someone&command=%2Fvigil&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&api_app_id=A1"
                + "&response_url=" + URLEncoder.encode(responseUrl, StandardCharsets.UTF_8) + "&trigger_id=1.2.3";
    }

    /** The two headers Slack signs a request with, for {@link VigilHarness#postForm}. */
    public static String[] signed(InstantSource clock, String body) {
        long now = clock.instant().getEpochSecond();
        return new String[] {"X-Slack-Request-Timestamp", String.valueOf(now), "X-Slack-Signature", sign(now, body)};
    }

    public static String sign(long timestamp, String body) {
        return new SlackSignature.Generator(SECRET).generate(String.valueOf(timestamp), body);
    }
}
