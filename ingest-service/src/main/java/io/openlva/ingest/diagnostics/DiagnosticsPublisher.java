package io.openlva.ingest.diagnostics;

import java.util.Map;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Subjects;
import io.openlva.ingest.rtsp.RtspUrls;
import io.openlva.ingest.rtsp.SessionFailure;
import io.openlva.runtime.KafkaFactory;

/**
 * LVA's diagnostics events of an RTSP source on {@code lva.events}: MediaSessionEstablished with the SDP,
 * the error events with {@code {"errorCode", "errorDetails"}}, and MediaSessionDisconnected when a session
 * drops. Subject {@code /graphInstances/{instance}/sources/{node}}. Bodies never carry credentials.
 */
public final class DiagnosticsPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DiagnosticsPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String kafkaTopic;
    private final String lvaTopic;

    public DiagnosticsPublisher(KafkaFactory kafka, String kafkaTopic, String lvaTopic) {
        this.producer = kafka.producer("ingest-events", new StringSerializer(), new ByteArraySerializer(), Map.of(
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000"));
        this.kafkaTopic = kafkaTopic;
        this.lvaTopic = lvaTopic;
    }

    /** LVA's body: {@code {"sdp": "SDP:\n v=0..."}}. */
    public static ObjectNode establishedBody(String sdp) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("sdp", "SDP:\n" + RtspUrls.mask(sdp == null ? "" : sdp));
        return body;
    }

    public static ObjectNode errorBody(SessionFailure failure) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("errorCode", failure.errorCode());
        body.put("errorDetails", RtspUrls.mask(failure.details()));
        return body;
    }

    public void established(StreamKey key, String sdp) {
        send(key, EventTypes.MEDIA_SESSION_ESTABLISHED, establishedBody(sdp));
    }

    public void error(StreamKey key, SessionFailure failure) {
        send(key, failure.kind().eventType(), errorBody(failure));
    }

    public void disconnected(StreamKey key, SessionFailure cause) {
        send(key, EventTypes.MEDIA_SESSION_DISCONNECTED, errorBody(cause));
    }

    private void send(StreamKey key, String eventType, ObjectNode body) {
        GraphEvent event = GraphEvent.of(lvaTopic, key.instance(), Subjects.source(key.instance(), key.node()), eventType,
                -1, body);
        try {
            producer.send(event.toRecord(kafkaTopic), (meta, e) -> {
                if (e != null) {
                    LOG.warnf("event %s of %s not delivered: %s", eventType, key, e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("event %s of %s not sent: %s", eventType, key, e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
