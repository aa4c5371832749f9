package io.openlva.runtime;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A Kafka consumer on its own thread: poll, hand the records over, repeat. {@link #close} wakes the consumer up
 * and waits (bounded) for the thread, which closes the consumer. A transient failure ({@link RetriableException},
 * or an unexpected wake-up) closes the consumer, marks readiness down, waits {@link Backoff#standard()} and starts
 * over with a new consumer; any other failure marks liveness down with the reason ({@link ServiceHealth#failed}),
 * so Kubernetes restarts the pod, and ends the loop.
 */
public final class ConsumerLoop<K, V> implements AutoCloseable {

    /** What the loop runs; all three are called on the loop's thread. */
    public interface Handler<K, V> {
        /** A new consumer (first start, or after a transient failure): subscribe, or assign and seek. */
        void subscribe(Consumer<K, V> consumer);

        /** Each poll's records, also when there are none (a chance for periodic work). */
        void handle(Consumer<K, V> consumer, ConsumerRecords<K, V> records);

        /** The consumer was closed: on {@link #close}, before a retry, or after a failure. */
        default void stopped() {
        }
    }

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    public static final Duration DEFAULT_POLL = Duration.ofMillis(500);

    private final String name;
    private final Supplier<? extends Consumer<K, V>> consumers;
    private final Handler<K, V> handler;
    private final ServiceHealth health;
    private final Duration pollTimeout;
    private final Thread thread;
    private volatile Consumer<K, V> consumer;
    private volatile boolean closing;
    private volatile boolean failed;

    /**
     * @param name      the thread's name and the loop's name in health reasons
     * @param consumers makes a consumer (e.g. with {@link KafkaFactory#consumer}); called on the loop's thread
     */
    public ConsumerLoop(String name, Supplier<? extends Consumer<K, V>> consumers, Handler<K, V> handler,
            ServiceHealth health, Duration pollTimeout) {
        this.name = name;
        this.consumers = consumers;
        this.handler = handler;
        this.health = health;
        this.pollTimeout = pollTimeout;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public ConsumerLoop(String name, Supplier<? extends Consumer<K, V>> consumers, Handler<K, V> handler,
            ServiceHealth health) {
        this(name, consumers, handler, health, DEFAULT_POLL);
    }

    public ConsumerLoop<K, V> start() {
        thread.start();
        return this;
    }

    public String name() {
        return name;
    }

    /** The thread runs (false before start, after close and after a failure). */
    public boolean running() {
        return thread.isAlive();
    }

    /** Ended by a failure it could not recover from. */
    public boolean failed() {
        return failed;
    }

    private void run() {
        Backoff backoff = Backoff.standard();
        while (!closing) {
            String problem;
            try (Consumer<K, V> c = consumers.get()) {
                consumer = c;
                if (closing) {
                    return;
                }
                handler.subscribe(c);
                boolean healthy = false;
                while (!closing) {
                    ConsumerRecords<K, V> records = c.poll(pollTimeout);
                    if (!healthy) {
                        healthy = true;
                        backoff.reset();
                        health.recovered(name);
                    }
                    handler.handle(c, records);
                }
                return;
            } catch (WakeupException | InterruptException e) {
                if (closing) {
                    return;
                }
                problem = "woken up unexpectedly";
            } catch (RuntimeException | Error e) {
                if (closing) {
                    return;
                }
                if (!transientFailure(e)) {
                    failed = true;
                    String reason = describe(e);
                    LOG.errorf(e, "%s failed beyond recovery (%s); liveness is down until the process restarts", name, reason);
                    health.failed(name, reason);
                    return;
                }
                problem = describe(e);
            } finally {
                consumer = null;
                try {
                    handler.stopped();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "%s: clean-up after the consumer closed failed", name);
                }
            }
            Duration delay = backoff.next();
            health.retrying(name, problem);
            LOG.warnf("%s: %s; new consumer in %d ms", name, problem, delay.toMillis());
            if (!Backoff.pause(delay)) {
                return;
            }
        }
    }

    /**
     * Kafka's retriable errors (timeouts, a leader moving, a broker away) anywhere in the cause chain, and a login or
     * an ACL that is not there yet: the chart's topics Job creates the users and ACLs after the services start.
     */
    static boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException || t instanceof AuthorizationException || t instanceof AuthenticationException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Wakes the consumer up and waits (bounded) until the loop's thread has closed it. */
    @Override
    public void close() {
        closing = true;
        Consumer<K, V> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        thread.interrupt();
        if (thread != Thread.currentThread() && thread.isAlive()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        health.recovered(name);
    }
}
