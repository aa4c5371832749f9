package io.openlva.hub.events;

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.runtime.KafkaFactory;

/**
 * The events hub-bridge emits itself (an instance activated / deactivated, a service that stopped running an active
 * instance), on {@code lva.events} like every service's: Kafka consumers read them there and the IoT Hub publisher
 * sends them on. A send that fails is logged and counted ({@code openlva.hub.events.unsent}).
 */
public class HubEvents implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HubEvents.class);

    private final String eventsTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final Counter unsent;

    public HubEvents(KafkaFactory kafka, String eventsTopic, MeterRegistry registry) {
        this.eventsTopic = eventsTopic;
        // durable (the factory's acks=all, idempotence); a state change never waits long for Kafka
        this.producer = kafka.producer("hub-events", new StringSerializer(), new ByteArraySerializer(),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000));
        this.unsent = registry.counter("openlva.hub.events.unsent");
    }

    public void emit(GraphEvent event) {
        try {
            producer.send(event.toRecord(eventsTopic), (meta, e) -> {
                if (e != null) {
                    failed(event, e);
                }
            });
        } catch (RuntimeException e) {
            failed(event, e);
        }
    }

    private void failed(GraphEvent event, Exception e) {
        unsent.increment();
        LOG.warnf("%s of '%s' not written to %s: %s", event.eventType(), event.instance(), eventsTopic, e.toString());
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
