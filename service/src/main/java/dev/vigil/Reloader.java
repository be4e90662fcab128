package dev.vigil;

import dev.vigil.config.Problem;
import dev.vigil.config.RuleSet;
import dev.vigil.config.RulesLoader;
import dev.vigil.jobs.QuartzScheduling;
import dev.vigil.rule.RuleManager;
import dev.vigil.runbook.RunbookCatalog;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads rules/ and runbooks/ (POST /-/reload, SIGHUP): the new world is built aside and swapped in only
 * when whole, so a bad edit keeps the running rules and never takes paging down.
 */
public final class Reloader {
    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    private final VigilConfiguration config;
    private final AtomicReference<RuleSet> rules;
    private final AtomicReference<RunbookCatalog> runbooks;
    private final RuleManager ruleManager;
    private final QuartzScheduling scheduling;
    private final dev.vigil.jobs.ProbeLoop probes;
    private final InstantSource clock;
    private final Gauge successful;
    private final Gauge successTime;

    Reloader(VigilConfiguration config, AtomicReference<RuleSet> rules, AtomicReference<RunbookCatalog> runbooks,
             RuleManager ruleManager, QuartzScheduling scheduling, dev.vigil.jobs.ProbeLoop probes, InstantSource clock,
             PrometheusRegistry registry) {
        this.config = config;
        this.rules = rules;
        this.runbooks = runbooks;
        this.ruleManager = ruleManager;
        this.scheduling = scheduling;
        this.probes = probes;
        this.clock = clock;
        this.successful = Gauge.builder().name("vigil_config_last_reload_successful")
                .help("Whether the last reload of rules/ succeeded (1) or was refused (0)").register(registry);
        this.successTime = Gauge.builder().name("vigil_config_last_reload_success_timestamp_seconds")
                .help("When rules/ was last loaded successfully").register(registry);
        successful.set(1);
        successTime.set(clock.millis() / 1000.0);
    }

    /** Reloads; returns the problems found (empty when the new rules are in force). */
    public synchronized List<Problem> reload() {
        RunbookCatalog catalog = RunbookCatalog.scan(Path.of(config.runbooksPath), config.runbookBaseUrl);
        RulesLoader.Result result = RulesLoader.load(Path.of(config.rulesPath), catalog.ids(), clock.instant());
        if (!result.ok()) {
            successful.set(0);
            LOG.error("reload refused, the running rules stay in force:\n{}",
                    result.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
            return result.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
        }
        RuleSet next = result.rules().orElseThrow();
        // The schedule first: if the scheduler refuses, it is put back and nothing else has changed.
        try {
            scheduling.reschedule(ruleManager.intervalsOf(next.ruleGroups()));
        } catch (SchedulerException | RuntimeException e) {
            successful.set(0);
            LOG.error("reload refused: the scheduler could not be updated; the running rules stay in force", e);
            try {
                scheduling.reschedule(ruleManager.intervals());
            } catch (SchedulerException | RuntimeException again) {
                LOG.error("the previous schedule could not be restored either", again);
            }
            return List.of(new Problem(config.rulesPath, 0, 0, Problem.Severity.ERROR,
                    "the scheduler could not be updated (" + e.getMessage() + "); the running rules stay in force"));
        }
        ruleManager.load(next.ruleGroups());
        rules.set(next);
        probes.reschedule(next.probeIntervals()); // in memory: it cannot fail
        runbooks.set(catalog);
        successful.set(1);
        successTime.set(clock.millis() / 1000.0);
        LOG.info("reloaded rules/: {} probes, {} rule groups, {} pipelines", next.probes().size(),
                next.ruleGroups().size(), next.pipelines().size());
        return List.of();
    }
}
