package io.openlva.hub.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.model.OwningService;

/**
 * The services' reports on instances ({@code Topics.status()}, compacted), read with Reactive Messaging from the
 * beginning and then followed for as long as hub-bridge runs, so a report written before anyone waits for it still
 * counts. A state change waits
 * here until every service it needs has reported on the instance record hub-bridge wrote, or until its timeout.
 */
@ApplicationScoped
public class StatusReports {

    private static final Logger LOG = Logger.getLogger(StatusReports.class);

    /** The channel (application.properties {@code mp.messaging.incoming.instance-status.*}). */
    public static final String CHANNEL = "instance-status";

    /** How a wait ended: the reports received (their state may differ from the one waited for) and who never reported. */
    public record Outcome(List<InstanceStatus> reports, Set<OwningService> unreported) {
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-report-timeouts");
        t.setDaemon(true);
        return t;
    });
    /** The latest report per key (instance/service); guarded by this. */
    private final Map<String, InstanceStatus> latest = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<java.util.function.Consumer<InstanceStatus>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** {@code listener} sees every report read from now on (on the Kafka thread: it must not block). */
    public void onReport(java.util.function.Consumer<InstanceStatus> listener) {
        listeners.add(listener);
    }

    /**
     * Completes once each of {@code services} has reported on {@code instance} with an instance version of at least
     * {@code minVersion} (the offset of the record it acts on), or after {@code timeout} naming those that did not.
     * Completes on a Kafka or timer thread: callers continue on their own executor.
     */
    public CompletableFuture<Outcome> await(String instance, Set<OwningService> services, long minVersion,
            Duration timeout) {
        Waiter w = new Waiter(instance, services, minVersion);
        boolean done;
        synchronized (this) {
            for (OwningService s : services) {
                InstanceStatus known = latest.get(InstanceStatus.key(instance, s));
                if (known != null) {
                    w.offer(known);
                }
            }
            done = w.pending.isEmpty();
            if (!done) {
                waiters.add(w);
            }
        }
        if (done) {
            w.finish();
        } else {
            timer.schedule(() -> expire(w), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return w.done;
    }

    private void expire(Waiter w) {
        synchronized (this) {
            if (!waiters.remove(w)) {
                return;
            }
        }
        w.finish();
    }

    private void received(InstanceStatus status) {
        List<Waiter> finished = new ArrayList<>();
        synchronized (this) {
            latest.put(status.key(), status);
            for (Waiter w : waiters) {
                if (w.offer(status) && w.pending.isEmpty()) {
                    finished.add(w);
                }
            }
            waiters.removeAll(finished);
        }
        finished.forEach(Waiter::finish);
        for (var l : listeners) {
            try {
                l.accept(status);
            } catch (RuntimeException e) {
                LOG.warnf("a listener failed on the report %s: %s", status.key(), e.toString());
            }
        }
    }

    /** One wait; its fields are touched under the StatusReports lock until it leaves {@code waiters}. */
    private static final class Waiter {
        private final String instance;
        private final Set<OwningService> pending;
        private final long minVersion;
        private final List<InstanceStatus> reports = new ArrayList<>();
        private final CompletableFuture<Outcome> done = new CompletableFuture<>();

        Waiter(String instance, Set<OwningService> services, long minVersion) {
            this.instance = instance;
            this.pending = services.isEmpty() ? EnumSet.noneOf(OwningService.class) : EnumSet.copyOf(services);
            this.minVersion = minVersion;
        }

        /** Takes a report on the awaited record (or a later one); true when it was awaited. */
        boolean offer(InstanceStatus s) {
            if (s.instance().equals(instance) && s.instanceVersion() >= minVersion && pending.remove(s.service())) {
                reports.add(s);
                return true;
            }
            return false;
        }

        void finish() {
            done.complete(new Outcome(List.copyOf(reports), Set.copyOf(pending)));
        }
    }

    /** Every report, in topic order: each replica reads the whole compacted topic (its own consumer group). */
    @Incoming(CHANNEL)
    void received(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            // the instance was deleted and the service forgot it
            synchronized (this) {
                latest.remove(r.key());
            }
            return;
        }
        try {
            received(InstanceStatus.fromJson(r.value()));
        } catch (RuntimeException e) {
            LOG.warnf("status report %s at %s-%d@%d is not readable and is skipped: %s", r.key(), r.topic(),
                    r.partition(), r.offset(), e.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
