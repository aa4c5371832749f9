package io.openlva.hub.iothub;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.hub.config.HubConfig;
import io.openlva.hub.store.GraphStore;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * {@code lva.events} to IoT Hub, at least once, with Reactive Messaging: each record is acknowledged only once IoT
 * Hub accepted every message it makes (the throttled commit strategy commits the offsets below the first
 * unacknowledged record). Records of one instance (one key) are handled one after the other, instances in parallel
 * ({@code throttled.ordered=key}), so order per instance holds. While IoT Hub is away a record waits and is sent
 * again until accepted; records wait in Kafka behind it. Records older than the time-to-live are skipped and
 * counted. A record IoT Hub will never accept (too large, malformed) is nacked: the channel's dead-letter strategy
 * moves it to {@code Topics.deadLetter()} and the next record of its partition goes on.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    /** The channel (application.properties {@code mp.messaging.incoming.iothub-events.*}). */
    public static final String CHANNEL = "iothub-events";
    /** IoT Hub's largest device-to-cloud message, body and application properties together. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final long READY_CHECK_MS = 200;

    private final IotHubBridge bridge;
    private final GraphStore store;
    private final EventRoutes routes;
    private final HubConfig.IotHub config;
    private final Clock clock = Clock.systemUTC();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Counter sent;
    private final Counter expired;
    private final Counter unrouted;
    private final Counter retried;
    private final Counter deadLettered;

    public EventPublisher(IotHubBridge bridge, GraphStore store, ResolvedGraphs graphs, HubConfig config,
            MeterRegistry registry) {
        this.bridge = bridge;
        this.store = store;
        this.config = config.iothub();
        this.routes = new EventRoutes(graphs::graphOf, bridge.twin()::diagnosticsOutput,
                bridge.twin()::operationalOutput);
        this.sent = registry.counter("openlva.hub.events.sent");
        this.expired = registry.counter("openlva.hub.events.expired");
        this.unrouted = registry.counter("openlva.hub.events.unrouted");
        this.retried = registry.counter("openlva.hub.events.send.failures");
        this.deadLettered = registry.counter("openlva.hub.events.dead.lettered");
    }

    /** A record IoT Hub will never accept: nacked, so the channel dead-letters it. */
    static final class Undeliverable extends Exception {
        Undeliverable(String reason) {
            super(reason, null, false, false);
        }
    }

    @Incoming(CHANNEL)
    @Blocking(value = "iothub-publisher", ordered = false)
    public CompletionStage<Void> publish(KafkaRecord<String, byte[]> record) {
        try {
            if (deliver(record)) {
                return record.ack();
            }
            // stopping: neither acknowledged nor refused; the record is read again after the restart
            return new CompletableFuture<>();
        } catch (RuntimeException e) {
            // kept in the dead-letter topic rather than lost or retried forever
            return deadLetter(record, new Undeliverable("publishing failed: " + e.getClass().getName()));
        } catch (Undeliverable e) {
            return deadLetter(record, e);
        }
    }

    /** Nacked: the channel's dead-letter strategy writes it to the dead-letter topic, then acknowledges it. */
    private CompletionStage<Void> deadLetter(KafkaRecord<String, byte[]> record, Undeliverable e) {
        deadLettered.increment();
        LOG.warnf("event %s-%d@%s of '%s' dead-lettered: %s", record.getTopic(), record.getPartition(),
                record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(null),
                record.getKey(), e.getMessage());
        return record.nack(e);
    }

    /** True once IoT Hub accepted every message of the record or it was skipped; false when stopping first. */
    private boolean deliver(KafkaRecord<String, byte[]> record) throws Undeliverable {
        GraphEvent event;
        try {
            event = GraphEvent.fromParts(record.getKey(), record.getPayload(), record.getHeaders());
        } catch (RuntimeException e) {
            throw new Undeliverable("not an OpenLVA event: " + e.getMessage());
        }
        if (!awaitReady()) {
            return false;
        }
        List<String> outputs = routes.outputsOf(event);
        if (outputs.isEmpty()) {
            unrouted.increment();
            return true;
        }
        byte[] body = record.getPayload() != null ? record.getPayload() : "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> properties = event.applicationProperties();
        int size = size(body, properties);
        if (size > MAX_MESSAGE_BYTES) {
            throw new Undeliverable("message of " + size + " bytes, IoT Hub accepts " + MAX_MESSAGE_BYTES);
        }
        Set<String> pending = new LinkedHashSet<>(outputs);
        while (true) {
            if (expired(record.getTimestamp())) {
                expired.increment();
                LOG.debugf("event %s of '%s' is older than %s and is skipped", event.id(), event.instance(),
                        config.messageTtl());
                return true;
            }
            for (String output : List.copyOf(pending)) {
                if (sendOnce(body, properties, output)) {
                    pending.remove(output);
                    sent.increment();
                }
            }
            if (pending.isEmpty()) {
                return true;
            }
            retried.increment();
            if (await(stopping, config.retryBackoff().toMillis()) || !awaitReady()) {
                return false;
            }
        }
    }

    /** True when IoT Hub accepted the message; false on a failure worth retrying. */
    private boolean sendOnce(byte[] body, Map<String, String> properties, String output) throws Undeliverable {
        HubClient client = bridge.client();
        if (client == null) {
            return false;
        }
        try {
            client.send(body, properties, output).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (IllegalArgumentException e) {
            // the SDK refuses to build the message (e.g. a property it cannot carry)
            throw new Undeliverable("IoT Hub cannot carry it: " + e.getMessage());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IotHubClientException h && (h.getStatusCode() == IotHubStatusCode.BAD_FORMAT
                    || h.getStatusCode() == IotHubStatusCode.REQUEST_ENTITY_TOO_LARGE)) {
                throw new Undeliverable("IoT Hub refused it: " + h.getStatusCode());
            }
            if (e.getCause() instanceof IllegalArgumentException a) {
                throw new Undeliverable("IoT Hub cannot carry it: " + a.getMessage());
            }
            LOG.debugf("send to IoT Hub output '%s' failed, sending again: %s", output, e.getCause());
            return false;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until IoT Hub is connected and the graph view is complete (routes need it); false when stopping. */
    private boolean awaitReady() {
        while (!(bridge.connected() && store.ready())) {
            if (await(stopping, READY_CHECK_MS)) {
                return false;
            }
        }
        return true;
    }

    private boolean expired(Instant timestamp) {
        return timestamp != null && timestamp.toEpochMilli() > 0
                && clock.millis() - timestamp.toEpochMilli() > config.messageTtl().toMillis();
    }

    static int size(byte[] body, Map<String, String> properties) {
        int size = body.length;
        for (Map.Entry<String, String> p : properties.entrySet()) {
            size += p.getKey().getBytes(StandardCharsets.UTF_8).length;
            size += p.getValue() == null ? 0 : p.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    /** True when the latch opened (stopping) within the wait. */
    private static boolean await(CountDownLatch latch, long ms) {
        try {
            return latch.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Before anything else stops (the IoT Hub client, the worker pool): waiting senders give up their record. */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping.countDown();
    }

    @PreDestroy
    void stop() {
        stopping.countDown();
    }
}
