package io.openlva.sampler.kafka;

import io.openlva.graph.contract.KafkaClients;

import java.util.Properties;

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
import io.openlva.sampler.flow.FlowOutput;

/** Sends frames to media.frames and motion events to lva.events; a failed send is logged and counted. */
public final class FramePublisher implements FlowOutput, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FramePublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final Counter failures;

    public FramePublisher(String bootstrapServers, Topics topics, int maxFrameBytes, MeterRegistry registry) {
        Properties p = new Properties();
        p.putAll(KafkaClients.config(bootstrapServers));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "openlva-sampler");
        p.put(ProducerConfig.ACKS_CONFIG, "1"); // frames are perishable; events are small and rarely lost
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxFrameBytes));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
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
