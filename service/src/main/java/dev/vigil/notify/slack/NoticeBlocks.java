package dev.vigil.notify.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.vigil.notify.BoardNotice;
import dev.vigil.notify.BundleNotice;
import dev.vigil.notify.IncidentNotice;
import dev.vigil.notify.IncidentUpdate;
import dev.vigil.notify.Notice;
import dev.vigil.notify.StepNotice;
import dev.vigil.notify.TeamNotice;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a notice as Slack Block Kit: for an incident its title, severity, labels, runbook button and the response
 * buttons; for a team notice its title and text.
 */
final class NoticeBlocks {
    static final String ACK = "vigil_ack";
    static final String RESOLVE = "vigil_resolve";
    static final String ESCALATE = "vigil_escalate";
    static final String STEP_DONE = "vigil_step_done";
    static final String STEP_FAILED = "vigil_step_failed";
    /** Lines of a bundle in the plain-text fallback (notifications); the blocks show more. */
    private static final int TEXT_LINES = 20;
    /** Blocks before a bundle's last section: header plus sections, leaving room for the last one and the footer. */
    private static final int BUNDLE_SECTIONS = 47;
    /** Characters a bundle's line takes at most: its bullet, its text cut to 110, its newline. */
    private static final int BUNDLE_LINE = 113;
    /** Lines a bundle always has room for, each at its longest: Slack's 3,000 characters a section, 50 blocks. */
    static final int BUNDLE_LINES = BUNDLE_SECTIONS * (2900 / BUNDLE_LINE);

    private NoticeBlocks() {
    }

    /** The plain-text fallback Slack shows in notifications. */
    static String text(Notice notice) {
        if (notice instanceof TeamNotice n) {
            return n.title() + " — " + n.text();
        }
        if (notice instanceof IncidentUpdate u) {
            return text(u.state());
        }
        if (notice instanceof StepNotice s) {
            return s.ended() ? s.pipeline() + " " + s.version() + " (run " + s.runId() + "): " + s.step() + " "
                    + s.outcome() : "Your turn: " + s.title() + (s.runbookUrl().isEmpty() ? "" : " — runbook: "
                    + s.runbookUrl());
        }
        if (notice instanceof BoardNotice b) {
            return b.title() + ": " + String.join("; ", b.lines());
        }
        if (notice instanceof BundleNotice b) {
            List<String> lines = b.lines();
            return b.title() + ": " + String.join("; ", lines.subList(0, Math.min(lines.size(), TEXT_LINES)))
                    + (lines.size() > TEXT_LINES ? "; and " + (lines.size() - TEXT_LINES) + " more" : "");
        }
        return text((IncidentNotice) notice);
    }

    static List<LayoutBlock> blocks(Notice notice) {
        if (notice instanceof TeamNotice n) {
            return List.of(section(s -> s.text(markdownText("*" + escape(n.title()) + "*\n" + escape(n.text())))),
                    context(c -> c.elements(List.of(markdownText("Vigil · " + n.event())))));
        }
        if (notice instanceof BundleNotice b) {
            return bundle(b);
        }
        if (notice instanceof IncidentUpdate u) {
            return blocks(u.state());
        }
        if (notice instanceof StepNotice s) {
            return step(s);
        }
        if (notice instanceof BoardNotice b) {
            return board(b);
        }
        return blocks((IncidentNotice) notice);
    }

    private static String text(IncidentNotice n) {
        return "[" + n.severity() + "] #" + n.incidentId() + " " + n.title() + " — " + n.status()
                + (n.runbookUrl().isEmpty() ? "" : " — runbook: " + n.runbookUrl());
    }

    private static List<LayoutBlock> blocks(IncidentNotice n) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(truncate("#" + n.incidentId() + " " + n.title(), 150)))));
        String labels = n.labels().entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`")
                .collect(Collectors.joining(" "));
        blocks.add(section(s -> s.text(markdownText("*Status:* " + n.status() + "   *Severity:* " + n.severity()
                + "   *Team:* " + n.team() + "\n" + escape(n.text()) + (labels.isEmpty() ? "" : "\n" + labels)))));
        List<BlockElement> buttons = new ArrayList<>();
        if (!n.runbookUrl().isEmpty()) {
            buttons.add(button(b -> b.actionId("vigil_runbook").text(plainText("Runbook")).url(n.runbookUrl())));
        }
        if (!"resolved".equals(n.status())) {
            String id = String.valueOf(n.incidentId());
            if ("triggered".equals(n.status())) {
                buttons.add(button(b -> b.actionId(ACK).text(plainText("Acknowledge")).style("primary").value(id)));
            }
            buttons.add(button(b -> b.actionId(RESOLVE).text(plainText("Resolve")).value(id)));
            buttons.add(button(b -> b.actionId(ESCALATE).text(plainText("Escalate")).style("danger").value(id)));
        }
        if (!buttons.isEmpty()) {
            blocks.add(actions(a -> a.blockId("vigil_incident_" + n.incidentId()).elements(buttons)));
        }
        blocks.add(context(c -> c.elements(List.of(markdownText("Vigil incident " + n.incidentId() + " · " + n.event())))));
        return blocks;
    }

    /** "Now you do this": the step, its runbook, and for a manual step Mark done / Mark failed. */
    private static List<LayoutBlock> step(StepNotice s) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (s.ended()) {
            blocks.add(section(x -> x.text(markdownText("Step *" + escape(s.step()) + "* of " + escape(s.pipeline())
                    + " " + escape(s.version()) + " (run " + s.runId() + "), " + escape(s.team()) + ": "
                    + escape(s.outcome())))));
            blocks.add(context(c -> c.elements(List.of(markdownText("Vigil release · " + s.pipeline())))));
            return blocks;
        }
        blocks.add(section(x -> x.text(markdownText("*Your turn, " + escape(s.team()) + ":* step *" + escape(s.step())
                + "* of " + escape(s.pipeline()) + " " + escape(s.version()) + " (run " + s.runId() + ")"
                + (s.manual() ? "\nMark it done here when it is." : "\nReport it through the steps API.")))));
        List<BlockElement> buttons = new ArrayList<>();
        if (!s.runbookUrl().isEmpty()) {
            buttons.add(button(b -> b.actionId("vigil_runbook").text(plainText("Runbook")).url(s.runbookUrl())));
        }
        if (s.manual()) {
            String value = s.runId() + "/" + s.step();
            buttons.add(button(b -> b.actionId(STEP_DONE).text(plainText("Mark done")).style("primary").value(value)));
            buttons.add(button(b -> b.actionId(STEP_FAILED).text(plainText("Mark failed")).style("danger").value(value)));
        }
        if (!buttons.isEmpty()) {
            blocks.add(actions(a -> a.blockId("vigil_step_" + s.runId() + "_" + s.step()).elements(buttons)));
        }
        blocks.add(context(c -> c.elements(List.of(markdownText("Vigil release · " + s.pipeline())))));
        return blocks;
    }

    /** A run's board: a line per step. */
    private static List<LayoutBlock> board(BoardNotice b) {
        String lines = b.lines().stream().map(l -> "• " + escape(truncate(l, 300))).collect(Collectors.joining("\n"));
        return List.of(header(h -> h.text(plainText(truncate(b.title(), 150)))),
                section(s -> s.text(markdownText(truncate(lines, 2900)))),
                context(c -> c.elements(List.of(markdownText("Vigil release board · updated in place")))));
    }

    /**
     * A storm's backlog as one message: a line per waiting message, within Slack's limits (3,000 characters a
     * section, 50 blocks a message); lines past what fits are counted in a last line.
     */
    private static List<LayoutBlock> bundle(BundleNotice b) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(truncate(b.title(), 150)))));
        StringBuilder section = new StringBuilder();
        List<String> lines = b.lines();
        int shown = 0;
        for (String line : lines) {
            String item = "• " + escapeWithin(line, BUNDLE_LINE - 3) + "\n";
            if (section.length() + item.length() > 2900) {
                if (blocks.size() == BUNDLE_SECTIONS) {
                    break;
                }
                String text = section.toString();
                blocks.add(section(s -> s.text(markdownText(text))));
                section.setLength(0);
            }
            section.append(item);
            shown++;
        }
        if (shown < lines.size()) {
            section.append("…and ").append(lines.size() - shown).append(" more\n");
        }
        String text = section.toString();
        blocks.add(section(s -> s.text(markdownText(text))));
        blocks.add(context(c -> c.elements(List.of(markdownText("Vigil · sent together because they came faster than "
                + "Slack takes messages here; act on each incident with /vigil or the API")))));
        return blocks;
    }

    /** {@code s} escaped and cut to at most {@code max} characters, never in the middle of an entity. */
    private static String escapeWithin(String s, int max) {
        for (int n = max; ; n--) {
            String escaped = escape(truncate(s, n));
            if (escaped.length() <= max) {
                return escaped;
            }
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
