package dev.vigil.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The notifier when no Slack token is configured: each page is logged (and so recorded in the timeline). */
public final class LogNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(LogNotifier.class);

    @Override
    public SendResult send(OutboxMessage m) {
        if (m.notice() instanceof IncidentNotice n) {
            LOG.warn("PAGE (no Slack token, logged only) to {}: incident #{} {} [{}] {} runbook={}", m.recipient(),
                    n.incidentId(), n.event(), n.severity(), n.title(), n.runbookUrl().isEmpty() ? "-" : n.runbookUrl());
        } else if (m.notice() instanceof IncidentUpdate u) {
            LOG.warn("UPDATE (no Slack token, logged only) to {}: incident #{} {} ({}): {}", m.recipient(),
                    u.incidentId(), u.event(), u.state().status(), u.state().text());
        } else if (m.notice() instanceof StepNotice s) {
            LOG.warn("RELEASE (no Slack token, logged only) to {}: {} runbook={}", m.recipient(), s.title(),
                    s.runbookUrl().isEmpty() ? "-" : s.runbookUrl());
        } else if (m.notice() instanceof BoardNotice b) {
            LOG.warn("BOARD (no Slack token, logged only) to {}: {}: {}", m.recipient(), b.title(), String.join("; ", b.lines()));
        } else if (m.notice() instanceof BundleNotice b) {
            LOG.warn("PAGE (no Slack token, logged only) to {}: {}: {}", m.recipient(), b.title(), String.join("; ", b.lines()));
        } else if (m.notice() instanceof TeamNotice n) {
            LOG.warn("NOTICE (no Slack token, logged only) to {}: {} {}: {}", m.recipient(), n.event(), n.title(),
                    n.text());
        }
        return new SendResult.Sent("log");
    }

    @Override
    public String name() {
        return "log (no Slack token)";
    }
}
