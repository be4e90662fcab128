package dev.vigil.jobs;

import io.dropwizard.lifecycle.Managed;
import dev.vigil.time.Phase;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz: one job per rule group at its interval. With {@code cluster: true} its job store is the application's
 * database (clustered), so each run is taken by one node; a single node keeps the schedule in memory, as the
 * groups are scheduled afresh from the rules at every start anyway and the JDBC store's statements for each run
 * (the trigger lock, acquiring, firing, completing) cost more CPU than the evaluation of a small group
 * ({@code bench/rules.sh}).
 * Each group runs at a phase of its interval taken from a hash of its key (as Prometheus spreads groups), so the
 * first run comes within one interval of the start. Missed runs are skipped, not replayed. The outbox,
 * escalation and handoff ticks run on every node instead ({@link NodeTicks}); probes and scrapes have loops of
 * their own ({@code ProbeLoop}, {@code ScrapeLoop}).
 */
public final class QuartzScheduling implements Managed {
    private static final String PROBES = "probe";
    private static final String RULE_GROUPS = "rule-group";
    private static final String SCRAPES = "scrape";
    private static final String SYSTEM = "system";

    private final DataSource dataSource;
    private final boolean postgres;
    private final boolean cluster;
    private final Tasks tasks;
    private final Map<String, Duration> groupIntervals;
    private Scheduler scheduler;

    public QuartzScheduling(DataSource dataSource, boolean postgres, boolean cluster, Tasks tasks,
                            Map<String, Duration> groupIntervals) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.cluster = cluster;
        this.tasks = tasks;
        this.groupIntervals = Map.copyOf(groupIntervals);
    }

    @Override
    public void start() throws SchedulerException {
        // A unique data source name per instance: DBConnectionManager is a JVM-wide singleton. Only the clustered
        // (JDBC) job store uses it.
        String dsName = "vigil-" + UUID.randomUUID();
        if (cluster) {
            DBConnectionManager.getInstance().addConnectionProvider(dsName, new PooledConnectionProvider(dataSource));
        }
        StdSchedulerFactory factory = new StdSchedulerFactory(properties(dsName));
        scheduler = factory.getScheduler();
        // Several application instances may share one JVM (tests); the repository would hand back the first.
        SchedulerRepository.getInstance().remove(scheduler.getSchedulerName());
        scheduler.setJobFactory((bundle, s) -> new TaskJob(tasks));
        // Databases from earlier builds hold the outbox, escalation and handoff ticks here; they are NodeTicks now.
        scheduler.deleteJobs(List.copyOf(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(SYSTEM))));
        sync(RULE_GROUPS, Tasks.RULE_GROUP, groupIntervals);
        // and scrape and probe jobs: they have loops of their own now (ScrapeLoop, ProbeLoop), off this pool.
        scheduler.deleteJobs(List.copyOf(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(SCRAPES))));
        scheduler.deleteJobs(List.copyOf(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(PROBES))));
        scheduler.start();
    }

    /** Brings the rule group jobs in line with reloaded rules. */
    public synchronized void reschedule(Map<String, Duration> groups) throws SchedulerException {
        sync(RULE_GROUPS, Tasks.RULE_GROUP, groups);
    }

    /** Makes a group of jobs match {@code intervals}: new ones scheduled, changed ones rescheduled, gone ones deleted. */
    private void sync(String jobGroup, String task, Map<String, Duration> intervals) throws SchedulerException {
        Set<JobKey> existing = scheduler.getJobKeys(GroupMatcher.jobGroupEquals(jobGroup));
        for (JobKey k : existing) {
            if (!intervals.containsKey(k.getName())) {
                scheduler.deleteJob(k);
            }
        }
        for (Map.Entry<String, Duration> e : intervals.entrySet()) {
            Trigger t = scheduler.getTrigger(TriggerKey.triggerKey(e.getKey(), jobGroup));
            boolean same = t instanceof SimpleTrigger st && st.getRepeatInterval() == e.getValue().toMillis();
            if (!same) {
                every(task, e.getKey(), jobGroup, e.getValue());
            }
        }
    }

    private void every(String task, String argument, String group, Duration interval) throws SchedulerException {
        String name = argument == null ? task : argument;
        JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(name, group)
                .usingJobData(TaskJob.TASK, task).usingJobData(TaskJob.ARGUMENT, argument == null ? "" : argument)
                .storeDurably().build();
        // Each group at a phase of its interval from a hash of its key, as Prometheus spreads its groups: a hundred
        // groups of one interval started at once would contend for the pool and the cores every round.
        long now = System.currentTimeMillis();
        Date first = new Date(now + Phase.delayMillis(name, interval, now));
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, group).forJob(job).startAt(first)
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        scheduler.scheduleJob(job, Set.of(trigger), true);
    }

    public boolean running() throws SchedulerException {
        return scheduler != null && scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
    }

    @Override
    public void stop() throws SchedulerException {
        if (scheduler != null) {
            scheduler.shutdown(true);
        }
    }

    private Properties properties(String dsName) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "vigil");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "4");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        if (!cluster) {
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            return p;
        }
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", postgres
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dsName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        return p;
    }
}
