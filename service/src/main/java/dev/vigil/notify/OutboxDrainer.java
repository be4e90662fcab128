package dev.vigil.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what waits in the outbox through the notifier, several destinations at once and each destination's messages
 * in order, and records each result. A destination is sent to at most once per {@link #PACE} (Slack takes about one
 * message a second per channel); what piles up behind that goes out as one {@link BundleNotice}, so a storm into one
 * channel reaches it in seconds as a few messages while other channels and people are not held up.
 */
public final class OutboxDrainer {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDrainer.class);
    /** How many sends run at once, each to a different destination. */
    public static final int PARALLEL = 8;
    /** The least time between two sends to one destination. */
    public static final Duration PACE = Duration.ofSeconds(1);
    /** A destination sent to this recently is busy: what waits for it when its pace allows is bundled. */
    static final Duration BUSY = Duration.ofSeconds(5);
    /**
     * The most messages one claim takes for a busy destination: what it gets in a second of a storm. Its bundle names
     * as many subjects as the notifier can show ({@link Notifier#bundleLines()}); the rest wait for the next turn.
     */
    static final int BUNDLE_MAX = 5000;
    /** More messages waiting for one destination than this is a storm: they go out as one bundle, whatever they are. */
    static final int STORM = 10;
    /** Tries of a message that keeps getting an answer nobody knows; outages are retried until they end. */
    public static final int MAX_UNKNOWN_ATTEMPTS = 5;

    private final OutboxStore store;
    private final Notifier notifier;
    private final InstantSource clock;
    private final DeliveryMetrics metrics;
    private final String node;
    private final Executor senders;
    private final Semaphore slots = new Semaphore(PARALLEL);
    /** When each destination was last sent to, in {@link #ticker} nanoseconds: Slack's limits are in real time. */
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
    private final LongSupplier ticker;
    private final AtomicInteger handled = new AtomicInteger();
    private final Object signal = new Object();
    private boolean signalled;

    /** {@code node} names this process in leases; {@code senders} runs the sends (at least {@link #PARALLEL} threads). */
    public OutboxDrainer(OutboxStore store, Notifier notifier, InstantSource clock, DeliveryMetrics metrics, String node,
                         Executor senders) {
        this(store, notifier, clock, metrics, node, senders, System::nanoTime);
    }

    /**
     * The same, pacing by {@code ticker} (nanoseconds of real time): a scenario test's clock may stand still or jump
     * hours, while the rate Slack accepts messages at does not.
     */
    public OutboxDrainer(OutboxStore store, Notifier notifier, InstantSource clock, DeliveryMetrics metrics, String node,
                         Executor senders, LongSupplier ticker) {
        this.ticker = ticker;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
        this.metrics = metrics;
        this.node = node;
        this.senders = senders;
    }

    /** Sends everything that is due now and waits for the sends to end; returns how many messages were handled. */
    public int drain() {
        int before = handled.get();
        while (true) {
            int claimed = dispatch();
            if (claimed == 0 && slots.availablePermits() == PARALLEL) {
                return handled.get() - before;
            }
            if (claimed == 0) {
                awaitWork(Duration.ofMillis(100));
            }
        }
    }

    /**
     * Claims as many destinations' turns as there are free senders and hands each to one, without waiting for the
     * sends; returns how many it claimed. The sending loop calls it whenever it is woken.
     */
    public synchronized int dispatch() {
        int free = slots.availablePermits();
        if (free == 0) {
            return 0;
        }
        Instant now = clock.instant();
        long tick = ticker.getAsLong();
        Set<String> paced = new HashSet<>();
        lastSent.forEach((destination, at) -> {
            if (tick - at < PACE.toNanos()) {
                paced.add(destination);
            } else if (tick - at >= BUSY.toNanos()) {
                lastSent.remove(destination, at);
            }
        });
        List<OutboxStore.Claim> claims = store.claim(node, now, free, paced, lastSent::containsKey, BUNDLE_MAX);
        for (OutboxStore.Claim claim : claims) {
            slots.acquireUninterruptibly();
            try {
                senders.execute(() -> {
                    try {
                        deliver(claim);
                    } finally {
                        slots.release();
                        wake();
                    }
                });
            } catch (RuntimeException e) {
                slots.release(); // shutting down: the lease makes the claim due again
                throw e;
            }
        }
        return claims.size();
    }

    /** Says there may be work: a message was committed, a send ended. */
    public void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /** Waits until woken or {@code most} has passed. */
    public void awaitWork(Duration most) {
        synchronized (signal) {
            long deadline = System.nanoTime() + most.toNanos();
            try {
                while (!signalled) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            signalled = false;
        }
    }

    /** This node is alive; takes over the messages of nodes that are not (killed mid-send). */
    public void beat(Duration silence) {
        Instant now = clock.instant();
        store.heartbeat(node, now);
        int released = store.releaseLeasesOfSilentNodes(node, now, silence);
        if (released > 0) {
            LOG.info("took over {} message(s) leased by a node that stopped", released);
            wake();
        }
    }

    private void deliver(OutboxStore.Claim claim) {
        // Not a storm: what differs from the head goes out on its own at the destination's next turn, so updates
        // stay in place instead of joining a bundle; in one, what a bundle cannot name goes in the next. Only the
        // head was leased, so what is left out waits behind it as it did.
        List<OutboxMessage> messages = fitting(alike(claim.messages()), notifier.bundleLines());
        OutboxMessage head = messages.get(0);
        OutboxMessage send = messages.size() == 1 ? head : new OutboxMessage(head.id(), head.destination(),
                head.recipient(), together(messages.stream().map(OutboxMessage::notice).toList()), head.attempts(),
                head.nextAttemptAt());
        long began = ticker.getAsLong(); // the pace counts from when a send starts: a slow send does not slow it further
        SendResult result;
        try {
            result = send(send);
        } catch (RuntimeException e) {
            LOG.warn("notifier {} threw for message {}; will retry", notifier.name(), head.id(), e);
            result = SendResult.Retryable.unknown(e.toString(), Duration.ofSeconds(30));
        }
        Instant now = clock.instant();
        String bundled = messages.size() == 1 ? "" : " (in one message with " + (messages.size() - 1) + " more)";
        if (result instanceof SendResult.Sent s) {
            lastSent.put(claim.destination(), began);
            store.sent(messages, s.ref(), s.channel(), m -> "sent " + what(m) + " via " + notifier.name() + bundled, now);
            metrics.sent(notifier.name(), messages.size());
        } else if (result instanceof SendResult.Retryable r && !(r.capped() && head.attempts() + 1 >= MAX_UNKNOWN_ATTEMPTS)) {
            LOG.info("{} not sent ({}); retrying in {}", what(head) + bundled, r.reason(), r.after());
            store.retryLater(messages, r.reason(), now.plus(r.after()));
            metrics.retried(notifier.name(), r.reason());
        } else {
            String reason = result instanceof SendResult.Permanent p ? p.reason()
                    : ((SendResult.Retryable) result).reason() + " (gave up after " + MAX_UNKNOWN_ATTEMPTS + " tries)";
            LOG.warn("{} failed for good: {}", what(head) + bundled, reason);
            store.failed(messages, reason, m -> what(m) + " failed: " + reason, now);
            metrics.failed(notifier.name(), reason);
        }
        handled.addAndGet(messages.size());
    }

    /**
     * Of the messages waiting for one destination, those that go out together with the first: in a storm (more than
     * {@link #STORM}) all of them, as one bundle; otherwise the first and those like it (posts with posts, updates of
     * the same incident, boards of the same run).
     */
    static List<OutboxMessage> alike(List<OutboxMessage> messages) {
        if (messages.size() > STORM) {
            return messages;
        }
        String kind = kind(messages.get(0).notice());
        int n = 1;
        while (n < messages.size() && !kind.equals("alone") && kind(messages.get(n).notice()).equals(kind)) {
            n++;
        }
        return messages.subList(0, n);
    }

    /** The longest start of {@code messages} whose bundle names no more than {@code lines} subjects. */
    static List<OutboxMessage> fitting(List<OutboxMessage> messages, int lines) {
        if (messages.size() <= lines) {
            return messages;
        }
        List<Notice> notices = messages.stream().map(OutboxMessage::notice).toList();
        int low = 1;
        int high = messages.size();
        while (low < high) { // the line count grows with the prefix: the longest prefix that fits, by halving
            int mid = (low + high + 1) / 2;
            if (BundleNotice.lineCount(notices.subList(0, mid)) <= lines) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return messages.subList(0, low);
    }

    private static String kind(Notice n) {
        if (n instanceof IncidentUpdate u) {
            return "update " + u.incidentId();
        }
        if (n instanceof BoardNotice b) {
            return "board " + b.runId();
        }
        return n instanceof StepNotice s && s.ended() ? "alone" : "post";
    }

    /**
     * What several waiting messages to one destination become: boards of one run are its latest board, updates of a
     * single incident are one update (its latest state, every thread line), so those stay updated in place; anything
     * else is a bundle.
     */
    static Notice together(List<Notice> notices) {
        boolean oneBoard = notices.stream().allMatch(n -> n instanceof BoardNotice)
                && notices.stream().map(n -> ((BoardNotice) n).runId()).distinct().count() == 1;
        if (oneBoard) {
            return notices.get(notices.size() - 1);
        }
        boolean oneIncident = notices.stream().allMatch(n -> n instanceof IncidentUpdate)
                && notices.stream().map(n -> ((IncidentUpdate) n).incidentId()).distinct().count() == 1;
        if (!oneIncident) {
            return new BundleNotice(notices);
        }
        IncidentUpdate last = (IncidentUpdate) notices.get(notices.size() - 1);
        String lines = notices.stream().map(n -> ((IncidentUpdate) n).threadLine()).filter(l -> !l.isEmpty())
                .collect(java.util.stream.Collectors.joining("\n"));
        return new IncidentUpdate(last.state(), lines);
    }

    /**
     * An update changes the messages posted before to its destination; where there are none (the post failed or
     * was bundled) a channel gets the incident's state as a new message, and a person nothing.
     */
    private SendResult send(OutboxMessage m) {
        if (m.notice() instanceof BoardNotice b) {
            return store.board(b.runId()).map(p -> notifier.replace(m, p)).orElseGet(() -> notifier.send(m));
        }
        if (m.notice() instanceof StepNotice s && s.ended()) {
            // the ready message loses its buttons; without one (bundled, or never sent) there is nothing to change
            return store.stepMessage(s.runId(), s.step()).map(p -> notifier.replace(m, p))
                    .orElseGet(() -> new SendResult.Sent(""));
        }
        if (!(m.notice() instanceof IncidentUpdate u)) {
            return notifier.send(m);
        }
        List<Posted> posts = store.posted(u.incidentId(), m.destination());
        if (!posts.isEmpty()) {
            return notifier.update(m, u, posts);
        }
        if (!u.threaded()) {
            return new SendResult.Sent("");
        }
        return notifier.send(new OutboxMessage(m.id(), m.destination(), m.recipient(), u.state(), m.attempts(),
                m.nextAttemptAt()));
    }

    /** How a delivered edit of a message already sent is named on the timeline, after "sent ". */
    private static final String UPDATE = "update (";

    /** Whether a {@code notified} timeline text records the delivery of an edit of a message already sent. */
    public static boolean deliveredEdit(String notifiedText) {
        return notifiedText.startsWith("sent " + UPDATE);
    }

    private static String what(OutboxMessage m) {
        return m.notice() instanceof IncidentUpdate ? UPDATE + m.notice().event() + ") to " + m.recipient()
                : m.notice().event() + " notice to " + m.recipient();
    }
}
