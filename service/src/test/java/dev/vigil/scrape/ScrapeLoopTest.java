package dev.vigil.scrape;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.promql.SeriesStore;
import dev.vigil.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scrape loops: targets spread over their interval, and a scrape that runs over its interval is counted missed. */
class ScrapeLoopTest {

    @Test
    void targetsAreSpreadOverTheirIntervalAndKeepTheirPhase() {
        Duration every = Duration.ofSeconds(15);
        Set<Long> phases = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Scraper.Target t = new Scraper.Target("node", "http://node-" + i + ":9100/metrics", Duration.ofSeconds(10));
            long wait = ScrapeLoop.offsetMillis(t, every, 1_700_000_000_000L);
            assertThat(wait).isBetween(0L, every.toMillis() - 1);
            phases.add((1_700_000_000_000L + wait) % every.toMillis());
            assertThat((1_700_000_007_000L + ScrapeLoop.offsetMillis(t, every, 1_700_000_007_000L)) % every.toMillis())
                    .as("the same phase whenever it is asked").isEqualTo((1_700_000_000_000L + wait) % every.toMillis());
        }
        assertThat(phases).as("100 targets do not all scrape at once").hasSizeGreaterThan(80);
    }

    @Test
    void aScrapeStillRunningWhenTheNextIsDueIsCountedMissedNotStartedTwice() throws Exception {
        WireMockServer slow = new WireMockServer(options().dynamicPort());
        slow.start();
        slow.stubFor(get(urlEqualTo("/metrics")).willReturn(aResponse().withStatus(200).withFixedDelay(1500)
                .withBody("x 1\n")));
        ScrapeLoop loop = new ScrapeLoop(new Scraper(new SeriesStore(60_000), Clock.systemUTC()),
                List.of(new ScrapeLoop.Scheduled(new Scraper.Target("slow", slow.baseUrl() + "/metrics",
                        Duration.ofSeconds(5)), Duration.ofMillis(200))));
        try {
            loop.start();
            Await.untilTrue(Duration.ofSeconds(10), "missed scrapes to be counted", () -> loop.missed().get("slow") >= 3);
            assertThat(slow.getAllServeEvents()).as("one scrape at a time").hasSizeLessThanOrEqualTo(2);
        } finally {
            loop.stop();
            slow.stop();
        }
    }
}
