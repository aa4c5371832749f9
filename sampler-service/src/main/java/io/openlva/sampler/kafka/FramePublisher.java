package io.openlva.sampler.kafka;

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.Topics;
import io.openlva.runtime.KafkaFactory;
import io.openlva.sampler.flow.FlowOutput;

/** Sends frames to media.frames and motion events to lva.events; a failed send is logged and counted. */
public final class FramePublisher implements FlowOutput, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FramePublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final Counter failures;

    public FramePublisher(KafkaFactory kafka, Topics topics, int maxFrameBytes, MeterRegistry registry) {
        this.producer = kafka.producer("openlva-sampler", new StringSerializer(), new ByteArraySerializer(), Map.of(
                // lossy-fast: frames are perishable, the leader's write is enough (events are small and rarely lost);
                // idempotence needs acks=all, so it is off
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                // without idempotence a retried batch could overtake the next one: one request in flight per broker
                // keeps a sticky stream's frames (gRPC extension, tracker) in the order they were made
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
                ProducerConfig.LINGER_MS_CONFIG, "2",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxFrameBytes)));
        this.topics = topics;
        this.failures = Counter.builder("openlva.sampler.publish.failures").description("Frames or events Kafka refused")
                .register(registry);
    }

    @Override
    public void frame(MediaFrame frame, boolean spread) {
        producer.send(frame.toRecord(topics.frames(), spread), (md, e) -> failed("frame " + frame.key(), e));
    }

    @Override
    public void event(GraphEvent event) {
        producer.send(event.toRecord(topics.events()), (md, e) -> failed("event " + event.subject(), e));
    }

    private void failed(String what, Exception e) {
        if (e != null) {
            failures.increment();
            LOG.warnf("cannot publish %s: %s", what, e.getMessage());
        }
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
