package dev.vigil;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.codahale.metrics.health.HealthCheck;
import dev.vigil.api.ApiPrincipal;
import dev.vigil.api.IncidentResource;
import dev.vigil.api.JsonBodyErrors;
import dev.vigil.api.OnCallResource;
import dev.vigil.api.OverrideResource;
import dev.vigil.api.PrometheusApiResource;
import dev.vigil.api.ReloadResource;
import dev.vigil.api.JsonUnauthorizedHandler;
import dev.vigil.api.ReleaseResource;
import dev.vigil.api.RunbookResource;
import dev.vigil.api.ScheduleCalendarResource;
import dev.vigil.api.TokenAuthenticator;
import dev.vigil.api.JsonErrorPages;
import dev.vigil.api.SecurityHeaders;
import dev.vigil.api.StrictJson;
import dev.vigil.api.UnreadBodyDrain;
import dev.vigil.cli.ServeCommand;
import dev.vigil.command.CommandExecutor;
import dev.vigil.command.Console;
import dev.vigil.config.RuleSet;
import dev.vigil.config.RulesInvalidException;
import dev.vigil.config.RulesLoader;
import dev.vigil.config.StartupRefusedException;
import dev.vigil.external.HttpExternalRunner;
import dev.vigil.handoff.HandoffNotices;
import dev.vigil.incident.AlertIntake;
import dev.vigil.incident.IncidentService;
import dev.vigil.alertmanager.AlertIngest;
import dev.vigil.silence.Silences;
import dev.vigil.store.JdbiSilenceStore;
import dev.vigil.api.AlertmanagerResource;
import dev.vigil.jobs.NodeTicks;
import dev.vigil.jobs.OutboxLoop;
import dev.vigil.jobs.QuartzScheduling;
import dev.vigil.jobs.Tasks;
import dev.vigil.metrics.ProbeCollector;
import dev.vigil.metrics.RuleCollector;
import dev.vigil.metrics.PrometheusDeliveryMetrics;
import dev.vigil.metrics.PrometheusStepDurations;
import dev.vigil.notify.LogNotifier;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.OutboxDrainer;
import dev.vigil.notify.SendResult;
import dev.vigil.notify.slack.SlackNotifier;
import dev.vigil.oncall.User;
import dev.vigil.probe.ProbeRunner;
import dev.vigil.probe.ProbeSeries;
import dev.vigil.promql.Evaluator;
import dev.vigil.promql.SeriesStore;
import dev.vigil.datasource.RemoteQuerier;
import dev.vigil.rule.AlertStateStore;
import dev.vigil.rule.RuleGroup;
import dev.vigil.rule.RuleManager;
import dev.vigil.rule.RuleQuerier;
import dev.vigil.scrape.Scraper;
import dev.vigil.time.PromDuration;
import dev.vigil.release.GateCheck;
import dev.vigil.release.ReleaseService;
import dev.vigil.runbook.RunbookCatalog;
import dev.vigil.slack.ResponseUrl;
import dev.vigil.slack.SlackResource;
import dev.vigil.store.EmbeddedPostgresDatabase;
import dev.vigil.store.H2Durability;
import dev.vigil.store.JdbiAlertStateStore;
import dev.vigil.store.JdbiHandoffStore;
import dev.vigil.store.JdbiOverrideStore;
import dev.vigil.store.JdbiProbeStateStore;
import dev.vigil.store.JdbiIncidentStore;
import dev.vigil.store.JdbiOutboxStore;
import dev.vigil.store.JdbiReleaseStore;
import dev.vigil.store.Migrations;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring only: builds Vigil's parts from config.yml and hands them to each other. */
public class VigilApplication extends Application<VigilConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(VigilApplication.class);
    /** The most probe runs at once: a slow target holds one of them, not the others. */
    private static final int PROBE_THREADS = 64;
    private final InstantSource clock;
    private final boolean manualTicks;
    /**
     * Where automated steps' URLs and tokens, and sql probes' JDBC URLs, are read: the process environment, or a
     * test's map.
     */
    private final Function<String, String> env;
    private volatile Runnable runDue = () -> {
        throw new IllegalStateException("Vigil is not running");
    };

    public VigilApplication() {
        this(InstantSource.system());
    }

    /** For tests: a clock they can move. */
    public VigilApplication(InstantSource clock) {
        this(clock, false);
    }

    /**
     * For tests: a clock they can move and, with {@code manualTicks}, no periodic work of its own: escalation,
     * handoffs and the outbox run only when the test calls {@link #runDue(Instant)}, and Slack's pacing counts
     * {@code clock}'s time, so a scenario moves hours forward without sleeping.
     */
    public VigilApplication(InstantSource clock, boolean manualTicks) {
        this(clock, manualTicks, System::getenv);
    }

    /**
     * For tests: also the environment automated steps read their URLs and tokens from. Time is read to the
     * millisecond, as the database stores it, so what an answer shows (a run's {@code startedAt}, a step's
     * {@code updatedAt}, the next escalation named on a timeline) is what every later read of it shows.
     */
    public VigilApplication(InstantSource clock, boolean manualTicks, Function<String, String> env) {
        this.clock = () -> clock.instant().truncatedTo(ChronoUnit.MILLIS);
        this.manualTicks = manualTicks;
        this.env = env;
    }

    /**
     * Runs every node tick that is due (escalation steps, handoff checks) and then sends everything the outbox has due,
     * waiting for the sends; {@code now} must be the clock's instant (the test sets it first).
     */
    public void runDue(Instant now) {
        if (!now.truncatedTo(ChronoUnit.MILLIS).equals(clock.instant())) {
            throw new IllegalArgumentException("runDue(" + now + "): the clock says " + clock.instant()
                    + "; set the clock first");
        }
        runDue.run();
    }

    /** The name under which sql probes find Vigil's own database when the environment does not set it. */
    static final String OWN_DATABASE = "VIGIL_DATABASE_URL";

    /**
     * Where sql probes read their JDBC URLs: the environment, and {@link #OWN_DATABASE} is Vigil's own database
     * (credentials included) unless the environment sets it, so a probe can watch Vigil's queue tables.
     */
    private Function<String, String> sqlProbeEnvironment(VigilConfiguration config) {
        String url = config.database.getUrl();
        String user = config.database.getUser() == null ? "" : config.database.getUser();
        String password = config.database.getPassword() == null ? "" : config.database.getPassword();
        String own;
        if (url.startsWith("jdbc:h2:")) {
            own = url + ";USER=" + user + (password.isEmpty() ? "" : ";PASSWORD=" + password);
        } else {
            java.util.function.UnaryOperator<String> enc = v -> java.net.URLEncoder.encode(v,
                    java.nio.charset.StandardCharsets.UTF_8);
            own = url + (url.contains("?") ? "&" : "?") + "user=" + enc.apply(user)
                    + (password.isEmpty() ? "" : "&password=" + enc.apply(password));
        }
        return name -> {
            String v = env.apply(name);
            return v == null && OWN_DATABASE.equals(name) ? own : v;
        };
    }

    public static void main(String[] args) throws Exception {
        new VigilApplication().run(args);
    }

    @Override
    public String getName() {
        return "vigil";
    }

    @Override
    public void initialize(Bootstrap<VigilConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        StrictJson.configure(bootstrap.getObjectMapper());
        bootstrap.addCommand(new dev.vigil.cli.CheckCommand());
        bootstrap.addCommand(new dev.vigil.cli.TestRulesCommand());
        bootstrap.addCommand(new dev.vigil.cli.OnCallCommand());
    }

    @Override
    protected void addDefaultCommands(Bootstrap<VigilConfiguration> bootstrap) {
        // Dropwizard's own "check" only parses config.yml; Vigil's (added in initialize) checks rules/ too.
        bootstrap.addCommand(new ServeCommand(this));
    }

    /** Loads rules/ against the runbooks under runbooks/; {@code now} starts the 4 weeks checked for on-call gaps. */
    public static RulesLoader.Result loadRules(VigilConfiguration config, java.time.Instant now) {
        RunbookCatalog runbooks = RunbookCatalog.scan(Path.of(config.runbooksPath), config.runbookBaseUrl);
        return RulesLoader.load(Path.of(config.rulesPath), runbooks.ids(), now);
    }

    @Override
    public void run(VigilConfiguration config, Environment env) {
        RulesLoader.Result loaded = loadRules(config, clock.instant());
        RuleSet initial = loaded.rules().orElseThrow(() -> new RulesInvalidException(loaded.problems()));
        loaded.problems().forEach(p -> LOG.warn("{}", p));
        AtomicReference<RuleSet> rules = new AtomicReference<>(initial);
        AtomicReference<RunbookCatalog> runbooks = new AtomicReference<>(
                RunbookCatalog.scan(Path.of(config.runbooksPath), config.runbookBaseUrl));

        Runnable stopDatabase = useDatabase(config, env);
        try {
            runOn(config, env, initial, rules, runbooks);
        } catch (RuntimeException | Error e) {
            // Refused or failed before the lifecycle started, so the lifecycle will not stop an embedded PostgreSQL
            // (it stops it only once started): stopped here, not left running after Vigil exits.
            stopDatabase.run();
            throw e;
        }
    }

    /** Start-up once the database is there: the data source, the stores, the services, the API. */
    private void runOn(VigilConfiguration config, Environment env, RuleSet initial, AtomicReference<RuleSet> rules,
                       AtomicReference<RunbookCatalog> runbooks) {
        ManagedDataSource dataSource = config.database.build(env.metrics(), "vigil");
        Migrations.Vendor vendor = Migrations.migrate(dataSource);
        Jdbi jdbi = new JdbiFactory().build(env, config.database, dataSource, "database");
        // Dropwizard's NamePrependingTemplateEngine only renders, so Jdbi cannot cache the parse and lexes every
        // statement with ANTLR again: that was 55% of Vigil's CPU under bench/load.sh. Jdbi's own engine caches it.
        jdbi.setTemplateEngine(new DefinedAttributeTemplateEngine());
        JdbiIncidentStore incidents = new JdbiIncidentStore(jdbi);
        JdbiOutboxStore outbox = new JdbiOutboxStore(jdbi);

        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);

        // The service raises alerts of its own (VigilNobodyOnCall) back through the intake that feeds it.
        AtomicReference<AlertIntake> intakeRef = new AtomicReference<>();
        dev.vigil.oncall.OverrideStore overrides = new dev.vigil.oncall.CachedOverrides(new JdbiOverrideStore(jdbi));
        IncidentService incidentService = new IncidentService(incidents, rules::get, id -> runbooks.get().url(id), clock,
                alert -> intakeRef.get().receive(alert), overrides);
        Silences silences = new Silences(new JdbiSilenceStore(jdbi), clock, () -> rules.get().silences());
        dev.vigil.alertmanager.Muting muting = new dev.vigil.alertmanager.Muting(silences, incidents, rules::get);
        incidentService.mutedBy(muting);
        AlertIntake intake = new AlertIntake(rules::get, incidentService);
        intakeRef.set(intake);
        Duration evaluationInterval = duration("evaluationInterval", config.evaluationInterval);
        SeriesStore series = new SeriesStore(duration("retention", config.retention).toMillis());
        ReleaseService releases = new ReleaseService(new JdbiReleaseStore(jdbi), name -> rules.get().pipeline(name),
                intake, clock, series::append).withRunbooks(id -> runbooks.get().url(id))
                .withTeamChannels(team -> rules.get().team(team).map(t -> t.slackChannel()).orElse(""));
        // Probes and scrapes get their own threads: a target that hangs until its timeout must not hold up
        // the scheduler's threads, which also run rule groups.
        ExecutorService probePool = env.lifecycle().executorService("probe-%d").minThreads(PROBE_THREADS)
                .maxThreads(PROBE_THREADS).build();
        Evaluator engine = new Evaluator(series, Evaluator.DEFAULT_LOOKBACK_MS, evaluationInterval.toMillis(),
                config.query.maxSamples, duration("query.timeout", config.query.timeout));
        if (engine.maxSamples() < config.query.maxSamples) {
            LOG.info("query.maxSamples: {} samples a query at most, what a quarter of the heap holds (query.maxSamples {})",
                    engine.maxSamples(), config.query.maxSamples);
        }
        Function<String, RuleQuerier> queriers = querierFor(config, engine);
        releases.withGates(file -> GateCheck.of(queriers.apply(file))).withDurations(new PrometheusStepDurations(registry))
                .withExternalRuns(new HttpExternalRunner(this.env));
        dev.vigil.probe.HeartbeatStore heartbeats = new dev.vigil.store.JdbiHeartbeatStore(jdbi);
        ProbeRunner probes = new ProbeRunner(name -> Optional.ofNullable(rules.get().probes().get(name)),
                dev.vigil.probers.AllProbers.of(sqlProbeEnvironment(config),
                        new dev.vigil.probe.HeartbeatProbe(heartbeats, clock)), intake, new JdbiProbeStateStore(jdbi, clock), clock, probePool,
                result -> ProbeSeries.of(result).forEach(
                        s -> series.append(s.series(), result.at().toEpochMilli(), s.value())));
        Scraper scraper = new Scraper(series, clock);
        // Scrapes have their own threads and schedule (ScrapeLoop), not Quartz's pool, which rule groups share.
        dev.vigil.scrape.ScrapeLoop scrapes = new dev.vigil.scrape.ScrapeLoop(scraper, ScrapeTargets.of(config).stream()
                .map(t -> new dev.vigil.scrape.ScrapeLoop.Scheduled(t.target(), t.interval())).toList());
        env.lifecycle().manage(scrapes);
        registry.register(new dev.vigil.metrics.ScrapeCollector(scrapes::missed));
        RuleManager ruleManager = new RuleManager(series, config.externalLabels, config.externalUrl, intake,
                clock, evaluationInterval, AlertStateStore.changesOnly(new JdbiAlertStateStore(jdbi)), config.cluster,
                group -> queriers.apply(group.file()));
        ruleManager.load(initial.ruleGroups());
        registry.register(new RuleCollector(() -> ruleManager));
        registry.register(new ProbeCollector(probes::latest));
        Notifier notifier = notifier(config, env);
        String node = java.util.UUID.randomUUID().toString();
        ExecutorService senders = OutboxLoop.senderPool();
        // Slack paces in real time; with manual ticks the test's clock stands for it.
        java.util.function.LongSupplier ticker = manualTicks ? () -> clock.millis() * 1_000_000L : System::nanoTime;
        OutboxDrainer drainer = new OutboxDrainer(outbox, notifier, clock,
                new PrometheusDeliveryMetrics(registry, () -> outbox.backlog(clock.instant())), node, senders, ticker);
        outbox.onEnqueue(drainer::wake);

        Map<String, Consumer<String>> tasks = new HashMap<>();
        tasks.put(Tasks.ESCALATE, arg -> incidentService.escalateDue());
        tasks.put(Tasks.NOTICES, arg -> incidentService.noticesDue());
        HandoffNotices handoffs = new HandoffNotices(new JdbiHandoffStore(jdbi), rules::get, overrides, clock);
        tasks.put(Tasks.HANDOFFS, arg -> handoffs.check());
        tasks.put(Tasks.RELEASES, arg -> releases.tick());
        AlertIngest alertIngest = new AlertIngest(intake, clock, new dev.vigil.store.JdbiIngestedAlerts(jdbi));
        tasks.put(Tasks.ALERT_EXPIRY, arg -> alertIngest.expire());
        tasks.put(Tasks.RULE_GROUP, ruleManager::evaluate);
        tasks.put(Tasks.SERIES_SWEEP, arg -> series.sweep(clock.millis()));
        // Probes have their own loop (spread over their interval, started on time), not Quartz's JDBC triggers;
        // in a cluster each runs on one live node.
        dev.vigil.jobs.ProbeLoop probeLoop = new dev.vigil.jobs.ProbeLoop(probes, initial.probeIntervals(),
                config.cluster ? new dev.vigil.jobs.ClusterMembers(node, outbox::liveNodes, OutboxLoop.SILENCE, clock)
                        : dev.vigil.jobs.ClusterMembers.alone(), registry);
        env.lifecycle().manage(probeLoop);
        QuartzScheduling scheduling = new QuartzScheduling(dataSource, vendor == Migrations.Vendor.POSTGRESQL,
                config.cluster, new Tasks(tasks), ruleManager.intervals());
        env.lifecycle().manage(scheduling);
        NodeTicks ticks = new NodeTicks(new Tasks(tasks));
        OutboxLoop sending = new OutboxLoop(drainer, senders);
        if (manualTicks) {
            runDue = () -> {
                ticks.runAll();
                sending.runOnce();
            };
            env.lifecycle().manage(new io.dropwizard.lifecycle.Managed() {
                @Override
                public void stop() {
                    senders.shutdownNow();
                }
            });
        } else {
            env.lifecycle().manage(ticks);
            env.lifecycle().manage(sending);
        }

        registerAuth(config, env);
        JsonBodyErrors.mappers().forEach(env.jersey()::register);
        env.jersey().register(new UnreadBodyDrain());
        env.getApplicationContext().setErrorHandler(new JsonErrorPages.Handler());
        env.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(new JsonErrorPages.Handler()));
        env.servlets().addFilter("security-headers", new SecurityHeaders())
                .addMappingForUrlPatterns(java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), false, "/*");
        CommandExecutor commands = new CommandExecutor(incidentService, releases, overrides, rules::get, clock)
                .withSilences(silences);
        env.jersey().register(new IncidentResource(incidents, commands,
                id -> rules.get().user(id).map(User::name), clock));
        env.jersey().register(new dev.vigil.api.PagerDutyResource(intake, incidents, commands, rules::get,
                this.env, clock));
        env.jersey().register(new AlertmanagerResource(alertIngest, silences, commands, muting, incidents, rules::get, clock,
                java.util.Objects.requireNonNullElse(VigilApplication.class.getPackage().getImplementationVersion(),
                        "dev")));
        env.jersey().register(new ReleaseResource(releases, commands));
        env.jersey().register(new RunbookResource(runbooks::get));
        Reloader reloader = new Reloader(config, rules, runbooks, ruleManager, scheduling, probeLoop, clock, registry);
        env.jersey().register(new ReloadResource(reloader::reload));
        onSighup(reloader);
        env.jersey().register(new PrometheusApiResource(engine, ruleManager, clock));
        env.jersey().register(new OnCallResource(rules::get, clock, overrides));
        env.jersey().register(new dev.vigil.api.ProbeResource(() -> rules.get().probes(), probes, heartbeats, clock));
        env.jersey().register(new OverrideResource(rules::get, overrides, clock, commands));
        Console console = new Console(commands, incidents, releases, overrides, rules::get, clock);
        ExecutorService slackWork = env.lifecycle().executorService("slack-%d").minThreads(4).maxThreads(4).build();
        env.jersey().register(new SlackResource(config.slack.signingSecret, console, commands, incidents,
                new ResponseUrl(config.slack.apiUrl), clock, slackWork));
        env.jersey().register(new ScheduleCalendarResource(rules::get, overrides, clock));
        env.servlets().addServlet("metrics", new PrometheusMetricsServlet(registry)).addMapping("/metrics");

        env.healthChecks().register("scheduler", check(() -> scheduling.running(), "Quartz is not running"));
        env.healthChecks().register("rules", check(() -> rules.get() != null, "no rules loaded"));
        env.healthChecks().register("outbox", check(() -> outbox.failedSince(clock.instant().minus(Duration.ofHours(1))) == 0,
                "messages failed for good in the last hour: see vigil_notifications_failed_total and the incident timelines"));
    }

    /**
     * Starts the embedded PostgreSQL when {@code database.url} asks for it and points the data source at it; its
     * lifecycle is registered before the data source's, so it stops after the pool has closed. Returns what stops it
     * when start-up fails before the lifecycle starts (nothing to stop for any other database).
     */
    private static Runnable useDatabase(VigilConfiguration config, Environment env) {
        String url = config.database.getUrl();
        if (EmbeddedPostgresDatabase.named(url)) {
            EmbeddedPostgresDatabase pg;
            java.nio.file.Path dir;
            try {
                dir = EmbeddedPostgresDatabase.directory(url);
                pg = EmbeddedPostgresDatabase.start(dir);
            } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
                throw new StartupRefusedException(e.getMessage());
            }
            env.lifecycle().manage(new io.dropwizard.lifecycle.Managed() {
                @Override
                public void stop() {
                    pg.close();
                }
            });
            LOG.info("database: the embedded PostgreSQL on {} (its own log: {})", dir, EmbeddedPostgresDatabase.log(dir));
            config.database.setDriverClass("org.postgresql.Driver");
            config.database.setUrl(pg.jdbcUrl());
            config.database.setUser(EmbeddedPostgresDatabase.user());
            config.database.setPassword("");
            return pg::close;
        }
        if (H2Durability.isFile(url)) {
            LOG.warn("database.url is an H2 file: H2 lost acknowledged writes when killed (bench/chaos.sh, "
                    + "docs/operations.md); use the embedded PostgreSQL ({}./data/postgres) or your own PostgreSQL "
                    + "for anything that must page", EmbeddedPostgresDatabase.SCHEME);
        }
        config.database.setUrl(H2Durability.apply(url));
        return () -> { };
    }

    /**
     * Expressions in files under a datasource's {@code rules} paths (rule groups, release gates) are queried there;
     * all others here. The function takes the file's path.
     */
    private static Function<String, RuleQuerier> querierFor(VigilConfiguration config, Evaluator engine) {
        Map<Path, RuleQuerier> remote = new LinkedHashMap<>();
        for (int i = 0; i < config.datasources.size(); i++) {
            VigilConfiguration.Datasource d = config.datasources.get(i);
            if (!d.url.matches("https?://[^/\\s]+.*")) {
                throw new StartupRefusedException("datasources[" + i + "].url: \"" + d.url
                        + "\" is not an http(s) URL (expected: e.g. http://prometheus:9090)");
            }
            RemoteQuerier q = new RemoteQuerier(d.name, d.url, duration("datasources[" + i + "].timeout", d.timeout));
            d.rules.forEach(prefix -> remote.put(Path.of(prefix).toAbsolutePath().normalize(), q));
        }
        RuleQuerier embedded = RuleQuerier.embedded(engine);
        return path -> {
            Path file = Path.of(path).toAbsolutePath().normalize();
            return remote.entrySet().stream().filter(e -> file.startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(embedded);
        };
    }

    /**
     * SIGHUP reloads, as for Prometheus and Alertmanager. Not on the signal's own thread: it has no context class
     * loader, and Quartz's JDBC store cannot update the schedule without one. A JVM started with SIGHUP ignored
     * (under {@code nohup}, or from a shell that ignores it) cannot take it back, unlike Go's: that is said at start.
     */
    private static void onSighup(Reloader reloader) {
        ClassLoader loader = VigilApplication.class.getClassLoader();
        java.util.concurrent.ExecutorService reloads = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-sighup-reload");
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
                    signal -> reloads.execute(reloader::reload));
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                LOG.warn("SIGHUP was ignored when Vigil started (nohup?), and a JVM cannot stop ignoring it: SIGHUP "
                        + "will not reload rules/; use POST /-/reload, or start Vigil without nohup");
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGHUP is not available on this platform; use POST /-/reload");
        }
    }

    /** A Prometheus duration from config.yml; a bad one refuses the start, naming its key. */
    static Duration duration(String key, String value) {
        try {
            return PromDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new StartupRefusedException(key + ": " + e.getMessage());
        }
    }

    /**
     * Slack when a token is set, checked now: a token Slack rejects stops the start (a page must never be
     * silently undeliverable); an unreachable Slack does not, as the outbox holds pages until it is back.
     */
    private static Notifier notifier(VigilConfiguration config, Environment env) {
        if (config.slack.botToken == null || config.slack.botToken.isBlank()) {
            LOG.warn("slack.botToken is empty: pages are logged and recorded in incident timelines, not sent");
            return new LogNotifier();
        }
        SlackNotifier slack = SlackNotifier.create(config.slack.apiUrl, config.slack.botToken);
        SendResult auth = slack.checkAuth();
        if (auth instanceof SendResult.Permanent p) {
            throw new StartupRefusedException("slack.botToken: Slack rejects it (" + p.reason() + " from "
                    + config.slack.apiUrl + "auth.test); fix the token or unset it to log pages instead");
        }
        if (auth instanceof SendResult.Retryable r) {
            LOG.warn("cannot check the Slack token now ({}); pages wait in the outbox until Slack answers", r.reason());
        }
        env.healthChecks().register("slack", check(() -> slack.checkAuthCached(Duration.ofMinutes(1)) instanceof SendResult.Sent,
                "Slack does not accept the bot token or cannot be reached (auth.test)"));
        return slack;
    }

    private static void registerAuth(VigilConfiguration config, Environment env) {
        Map<String, ApiPrincipal> byToken = new HashMap<>();
        for (VigilConfiguration.ApiToken t : config.auth.tokens) {
            if (t.token != null && !t.token.isEmpty()) {
                String name = t.name == null || t.name.isEmpty() ? "api token (" + t.role + ")" : t.name;
                byToken.put(t.token, new ApiPrincipal(name, t.role));
            }
        }
        TokenAuthenticator auth = new TokenAuthenticator(byToken);
        env.jersey().register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<ApiPrincipal>()
                .setAuthenticator(auth).setAuthorizer(auth).setPrefix("Bearer").setRealm("vigil")
                .setUnauthorizedHandler(new JsonUnauthorizedHandler()).buildAuthFilter()));
        env.jersey().register(RolesAllowedDynamicFeature.class);
        env.jersey().register(new AuthValueFactoryProvider.Binder<>(ApiPrincipal.class));
    }

    /** A condition that must hold. */
    private interface Probe {
        boolean holds() throws Exception;
    }

    private static HealthCheck check(Probe probe, String unhealthy) {
        return new HealthCheck() {
            @Override
            protected Result check() throws Exception {
                return probe.holds() ? Result.healthy() : Result.unhealthy(unhealthy);
            }
        };
    }
}
