package dev.vigil.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runbooks render as HTML without anything that could run script in the reader's browser. */
class RunbookCatalogTest {
    @TempDir
    Path dir;

    @Test
    void linksToScriptAndDataAreDroppedRawHtmlIsShownAsTextAndOrdinaryLinksStay() throws IOException {
        Files.writeString(dir.resolve("db.md"), """
                # DB down

                [restart](javascript:alert(1)) [report](data:text/html;base64,PHNjcmlwdD4=)
                [old](vbscript:msgbox) [mixed case](JaVaScRiPt:alert(2)) ![img](javascript:alert(3))
                [dashboard](https://grafana.example.com/d/db) [mail](mailto:dba@example.com) [sibling](other)

                <script>alert(4)</script>
                """);
        String html = RunbookCatalog.scan(dir, "http://vigil/runbooks/").html("db").orElseThrow();
        assertThat(html.toLowerCase()).doesNotContain("javascript:", "vbscript:", "data:text", "<script>");
        assertThat(html).contains("href=\"https://grafana.example.com/d/db\"", "href=\"mailto:dba@example.com\"",
                "href=\"other\"", "&lt;script&gt;");
    }
}
