package dev.vigil.jobs;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticks that run on every node, each on its own thread: grouping notices (group_wait, group_interval,
 * repeat_interval, muting that changed), the escalation, handoff and release checks, and the expiry of
 * alerts posted to this node ({@link OutboxLoop} runs the outbox). Their work is claimed row by row in the database
 * (locks, leases, compare-and-set), so nodes running them side by side do each piece once. The sweep of the embedded
 * engine's old series is the exception: each node sweeps its own engine. They are not Quartz jobs because a clustered Quartz job that was running on a node that dies stays
 * blocked until Quartz declares the node dead (12 to 17 s): pages would wait for that.
 */
public final class NodeTicks implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTicks.class);
    /** How often escalation is looked at: a step falls due at most this long before it runs. */
    public static final Duration TICK = Duration.ofSeconds(1);
    /** How often schedules are checked for handoffs: a notice is at most this late. */
    public static final Duration HANDOFF_TICK = Duration.ofSeconds(5);
    /** How often runs in flight are looked at: a step is told it is ready, or found late, at most this late. */
    public static final Duration RELEASE_TICK = Duration.ofSeconds(5);
    /** How often alerts posted to {@code /api/v2/alerts} are checked for an {@code endsAt} that passed. */
    public static final Duration ALERT_EXPIRY_TICK = Duration.ofSeconds(1);
    /** How often the embedded engine drops samples past the retention and the series left without any. */
    public static final Duration SERIES_SWEEP_TICK = Duration.ofMinutes(1);

    private final Tasks tasks;
    private final Map<String, Duration> intervals = new LinkedHashMap<>();
    private final List<ScheduledExecutorService> executors = new ArrayList<>();

    public NodeTicks(Tasks tasks) {
        this.tasks = tasks;
        intervals.put(Tasks.NOTICES, TICK);
        intervals.put(Tasks.ESCALATE, TICK);
        intervals.put(Tasks.HANDOFFS, HANDOFF_TICK);
        intervals.put(Tasks.RELEASES, RELEASE_TICK);
        intervals.put(Tasks.ALERT_EXPIRY, ALERT_EXPIRY_TICK);
        intervals.put(Tasks.SERIES_SWEEP, SERIES_SWEEP_TICK);
    }

    @Override
    public void start() {
        for (Map.Entry<String, Duration> e : intervals.entrySet()) {
            String task = e.getKey();
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "vigil-tick-" + task);
                t.setDaemon(true);
                return t;
            });
            executors.add(executor);
            long millis = e.getValue().toMillis();
            executor.scheduleWithFixedDelay(() -> run(task), 0, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs every tick once, now, on the caller's thread: what a test does instead of waiting for the schedule. */
    public void runAll() {
        intervals.keySet().forEach(task -> tasks.run(task, null));
    }

    private void run(String task) {
        try {
            tasks.run(task, null);
        } catch (RuntimeException e) {
            // Logged and left for the next tick: an exception must not end the schedule.
            LOG.error("task {} failed", task, e);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        executors.forEach(ScheduledExecutorService::shutdown);
        for (ScheduledExecutorService executor : executors) {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a tick was still running after 30 s; stopping without it");
            }
        }
        executors.clear();
    }
}
