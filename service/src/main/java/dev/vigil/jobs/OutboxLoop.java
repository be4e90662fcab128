package dev.vigil.jobs;

import dev.vigil.notify.OutboxDrainer;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the outbox on every node: a sending loop woken by each commit that enqueues a message (and at least every
 * {@link #IDLE}, for retries falling due), the senders it hands claims to, and the heartbeat that lets a node take
 * over the messages of one that was killed mid-send. Not a Quartz job, for the reason {@link NodeTicks} gives.
 */
public final class OutboxLoop implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxLoop.class);
    /** The longest the loop sleeps with nothing to do. */
    static final Duration IDLE = Duration.ofSeconds(1);
    /** The least time between two passes that found nothing to send. */
    static final Duration PAUSE = Duration.ofMillis(20);
    /** A node that has not beaten for this long is taken to be dead; its leased messages are sent by others. */
    public static final Duration SILENCE = Duration.ofSeconds(5);

    private final OutboxDrainer drainer;
    private final ExecutorService senders;
    private ScheduledExecutorService heart;
    private Thread loop;
    private volatile boolean running;

    public OutboxLoop(OutboxDrainer drainer, ExecutorService senders) {
        this.drainer = drainer;
        this.senders = senders;
    }

    /** The pool the drainer's sends run on: {@link OutboxDrainer#PARALLEL} daemon threads. */
    public static ExecutorService senderPool() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(OutboxDrainer.PARALLEL, r -> daemon(r, "vigil-send-" + n.incrementAndGet()));
    }

    @Override
    public void start() {
        running = true;
        heart = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-outbox-heartbeat"));
        heart.scheduleWithFixedDelay(this::beat, 0, 1, TimeUnit.SECONDS);
        loop = daemon(this::run, "vigil-outbox");
        loop.start();
    }

    /** One beat and one pass that sends everything due now, waiting for the sends: the loop's work, on call. */
    public void runOnce() {
        drainer.beat(SILENCE);
        drainer.drain();
    }

    private void beat() {
        try {
            drainer.beat(SILENCE);
        } catch (RuntimeException e) {
            LOG.error("outbox heartbeat failed", e);
        }
    }

    private void run() {
        while (running) {
            try {
                if (drainer.dispatch() == 0) {
                    // At most one empty pass per PAUSE: in a storm every commit wakes the loop, and a pass that
                    // finds only paced destinations would otherwise run again at once.
                    Thread.sleep(PAUSE.toMillis());
                    drainer.awaitWork(IDLE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Logged and tried again shortly: an exception (the database away) must not end sending.
                LOG.error("outbox pass failed", e);
                drainer.awaitWork(IDLE);
            }
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        drainer.wake();
        heart.shutdown();
        loop.join(TimeUnit.SECONDS.toMillis(30));
        senders.shutdown();
        if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("a send was still running after 30 s; stopping without it (its lease makes it due again)");
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
