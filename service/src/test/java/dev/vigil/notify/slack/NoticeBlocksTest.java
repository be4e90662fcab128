package dev.vigil.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import dev.vigil.notify.BundleNotice;
import dev.vigil.notify.IncidentNotice;
import dev.vigil.notify.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How notices look in Slack, within Slack's limits. */
class NoticeBlocksTest {
    @Test
    void aBundleOfTwoThousandStaysWithinSlacksLimitsAndSaysHowManyItCouldNotList() {
        List<Notice> notices = new ArrayList<>();
        for (int n = 1; n <= 2000; n++) {
            notices.add(new IncidentNotice(n, "opened", "Release data-release 2026.12.01 (run " + n + "): step ingest failed",
                    "triggered", "page", "ingestion", Map.of(), "", "text"));
        }
        BundleNotice bundle = new BundleNotice(notices);
        List<LayoutBlock> blocks = NoticeBlocks.blocks(bundle);
        assertThat(blocks).hasSizeLessThanOrEqualTo(50);
        List<String> sections = blocks.stream().filter(b -> b instanceof SectionBlock)
                .map(b -> ((SectionBlock) b).getText().getText()).toList();
        assertThat(sections).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(3000));
        String all = String.join("", sections);
        assertThat(all).contains("#1 [page] Release data-release", "#600 [page]");
        assertThat(all).containsPattern("…and \\d+ more");
        assertThat(NoticeBlocks.text(bundle)).hasSizeLessThan(40_000).contains("2000 updates about 2000 incidents", "and 1980 more");
    }

    @Test
    void aSmallBundleListsEveryIncident() {
        BundleNotice bundle = new BundleNotice(List.of(
                new IncidentNotice(7, "opened", "Disk full", "triggered", "page", "sre", Map.of(), "", ""),
                new IncidentNotice(8, "acknowledged", "CPU hot", "acknowledged", "ticket", "sre", Map.of(), "", "")));
        String all = NoticeBlocks.blocks(bundle).stream().filter(b -> b instanceof SectionBlock)
                .map(b -> ((SectionBlock) b).getText().getText()).reduce("", String::concat);
        assertThat(all).contains("#7 [page] Disk full — opened (triggered)", "#8 [ticket] CPU hot — acknowledged (acknowledged)")
                .doesNotContain("more");
    }
}
