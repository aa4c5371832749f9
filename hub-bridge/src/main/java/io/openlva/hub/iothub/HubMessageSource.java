package io.openlva.hub.iothub;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Subjects;
import io.openlva.graph.model.IotHubMessageSource;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.runtime.KafkaFactory;

/**
 * IoTHubMessageSource nodes: a message arriving on an input becomes a HubMessage event in {@code lva.events}
 * for every active IoTHubMessageSource listening on that input, so a cloud message can open a signal gate.
 */
public class HubMessageSource implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HubMessageSource.class);

    private final ResolvedGraphs graphs;
    private final String eventsTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final Counter received;
    private final Counter unmatched;

    public HubMessageSource(KafkaFactory kafka, String eventsTopic, ResolvedGraphs graphs, MeterRegistry registry) {
        this.graphs = graphs;
        this.eventsTopic = eventsTopic;
        // durable (the factory's acks=all, idempotence); a message waits up to 15 s for Kafka before it is refused
        this.producer = kafka.producer("hub-messages", new StringSerializer(), new ByteArraySerializer(),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000));
        this.received = registry.counter("openlva.hub.messages.received");
        this.unmatched = registry.counter("openlva.hub.messages.unmatched");
    }

    /** Publishes the events before returning, so the message is completed only once Kafka has it. */
    public int accept(HubClient.InputMessage message) {
        received.increment();
        JsonNode body = parse(message.body());
        int published = 0;
        for (ResolvedGraph graph : graphs.active()) {
            for (IotHubMessageSource source : graph.nodes(IotHubMessageSource.class)) {
                if (source.hubInputName() != null && source.hubInputName().equals(message.inputName())) {
                    GraphEvent event = GraphEvent.of(null, graph.instanceName(),
                            Subjects.source(graph.instanceName(), source.name()), EventTypes.HUB_MESSAGE, -1, body);
                    try {
                        producer.send(event.toRecord(eventsTopic)).get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("event not written to " + eventsTopic + ": " + e.getMessage(), e);
                    }
                    published++;
                }
            }
        }
        if (published == 0) {
            unmatched.increment();
            LOG.infof("message on input '%s' matches no active IoTHubMessageSource (properties %s)",
                    message.inputName(), message.properties().keySet());
        } else {
            LOG.debugf("message on input '%s': %d events", message.inputName(), published);
        }
        return published;
    }

    private static JsonNode parse(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        try {
            return Json.read(text);
        } catch (RuntimeException e) {
            return TextNode.valueOf(text);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
