package dev.vigil.notify.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import dev.vigil.notify.IncidentUpdate;
import dev.vigil.notify.Posted;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.OutboxMessage;
import dev.vigil.notify.SendResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Posts outbox messages with Slack's {@code chat.postMessage}: to a channel id, or to a user id (Slack
 * delivers that as a DM from the app). Rate limits and outages are retryable; configuration errors are not.
 */
public final class SlackNotifier implements Notifier {
    private static final Set<String> PERMANENT = Set.of("channel_not_found", "not_in_channel", "is_archived",
            "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "no_permission",
            "missing_scope", "user_not_found", "invalid_blocks", "msg_too_long", "restricted_action");
    /** Errors Slack documents as its own trouble: worth retrying for as long as they last. */
    private static final Set<String> OUTAGE = Set.of("ratelimited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");
    /** chat.update's answers for a message that can no longer be changed (deleted, too old): nothing to do. */
    private static final Set<String> GONE = Set.of("message_not_found", "cant_update_message", "edit_window_closed");
    private static final Duration DEFAULT_RETRY = Duration.ofSeconds(30);

    /** The longest one Slack call may take, connecting included. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final MethodsClient methods;
    private SendResult lastAuth;
    private long lastAuthAt;

    public SlackNotifier(MethodsClient methods) {
        this.methods = methods;
    }

    /** A client for {@code apiUrl} (Slack's, or a fake in tests) with the bot token; no background calls. */
    public static SlackNotifier create(String apiUrl, String botToken) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        config.setStatsEnabled(false);
        // A send must end well inside the outbox's one-minute lease, or another node would send it too.
        config.setHttpClientCallTimeoutMillis((int) CALL_TIMEOUT.toMillis());
        return new SlackNotifier(Slack.getInstance(config).methods(botToken));
    }

    @Override
    public SendResult send(OutboxMessage m) {
        if (m.destination().isEmpty()) {
            return new SendResult.Permanent(m.recipient() + " has no slack_id in rules/");
        }
        try {
            ChatPostMessageResponse r = methods.chatPostMessage(req -> req.channel(m.destination())
                    .text(NoticeBlocks.text(m.notice())).blocks(NoticeBlocks.blocks(m.notice())));
            if (r.isOk()) {
                return new SendResult.Sent(r.getTs(), r.getChannel() == null ? m.destination() : r.getChannel());
            }
            return failure(r.getError());
        } catch (SlackApiException e) {
            return httpFailure(e);
        } catch (IOException e) {
            return new SendResult.Retryable("Slack unreachable: " + e.getMessage(), Duration.ofSeconds(10));
        }
    }

    @Override
    public SendResult replace(OutboxMessage m, Posted p) {
        try {
            ChatUpdateResponse r = methods.chatUpdate(req -> req.channel(p.channel()).ts(p.ts())
                    .text(NoticeBlocks.text(m.notice())).blocks(NoticeBlocks.blocks(m.notice())));
            return r.isOk() || GONE.contains(r.getError()) ? new SendResult.Sent(p.ts()) : failure(r.getError());
        } catch (SlackApiException e) {
            return httpFailure(e);
        } catch (IOException e) {
            return new SendResult.Retryable("Slack unreachable: " + e.getMessage(), Duration.ofSeconds(10));
        }
    }

    /**
     * {@code chat.update} on each earlier message (a message someone deleted is passed over), then, for the team
     * channel, one reply in the first one's thread. Repeating it after a failure is harmless: an update shows the
     * same state again.
     */
    @Override
    public SendResult update(OutboxMessage m, IncidentUpdate u, List<Posted> posts) {
        try {
            for (Posted p : posts) {
                ChatUpdateResponse r = methods.chatUpdate(req -> req.channel(p.channel()).ts(p.ts())
                        .text(NoticeBlocks.text(u.state())).blocks(NoticeBlocks.blocks(u.state())));
                if (!r.isOk() && !GONE.contains(r.getError())) {
                    return failure(r.getError());
                }
            }
            if (!u.threaded()) {
                return new SendResult.Sent(posts.get(0).ts());
            }
            Posted first = posts.get(0);
            ChatPostMessageResponse r = methods.chatPostMessage(req -> req.channel(first.channel())
                    .threadTs(first.ts()).text(u.threadLine()));
            return r.isOk() ? new SendResult.Sent(r.getTs()) : failure(r.getError());
        } catch (SlackApiException e) {
            return httpFailure(e);
        } catch (IOException e) {
            return new SendResult.Retryable("Slack unreachable: " + e.getMessage(), Duration.ofSeconds(10));
        }
    }

    /**
     * Asks Slack who the token belongs to ({@code auth.test}): {@code Sent("user in team")} when it works,
     * {@code Permanent} when Slack rejects the token, {@code Retryable} when Slack cannot be reached.
     */
    public SendResult checkAuth() {
        try {
            AuthTestResponse r = methods.authTest(req -> req);
            if (r.isOk()) {
                return new SendResult.Sent(r.getUser() + " in " + r.getTeam());
            }
            return PERMANENT.contains(r.getError()) ? new SendResult.Permanent(r.getError())
                    : new SendResult.Retryable(r.getError(), DEFAULT_RETRY);
        } catch (SlackApiException e) {
            return httpFailure(e);
        } catch (IOException e) {
            return new SendResult.Retryable("Slack unreachable: " + e.getMessage(), Duration.ofSeconds(10));
        }
    }

    /** Slack's own error codes: a known outage is retried until it ends, an unknown answer only a few times. */
    private static SendResult failure(String error) {
        if (PERMANENT.contains(error)) {
            return new SendResult.Permanent(error);
        }
        return OUTAGE.contains(error) ? new SendResult.Retryable(error, DEFAULT_RETRY)
                : SendResult.Retryable.unknown(error, DEFAULT_RETRY);
    }

    /**
     * {@link #checkAuth()}, asked of Slack at most once per {@code maxAge}: health checks are polled often, and each
     * would otherwise be a call to Slack (and count against its rate limits).
     */
    public synchronized SendResult checkAuthCached(Duration maxAge) {
        long now = System.nanoTime();
        if (lastAuth == null || now - lastAuthAt >= maxAge.toNanos()) {
            lastAuth = checkAuth();
            lastAuthAt = now;
        }
        return lastAuth;
    }

    private static SendResult httpFailure(SlackApiException e) {
        int code = e.getResponse().code();
        if (code == 429) {
            String after = e.getResponse().header("Retry-After");
            long seconds = after != null && after.matches("\\d{1,6}") ? Long.parseLong(after) : DEFAULT_RETRY.toSeconds();
            return new SendResult.Retryable("rate limited (HTTP 429)", Duration.ofSeconds(Math.max(1, seconds)));
        }
        if (code >= 500 || code == 408) {
            return new SendResult.Retryable("Slack HTTP " + code, DEFAULT_RETRY);
        }
        return new SendResult.Permanent("Slack HTTP " + code);
    }

    @Override
    public int bundleLines() {
        return NoticeBlocks.BUNDLE_LINES;
    }

    @Override
    public String name() {
        return "Slack";
    }
}
