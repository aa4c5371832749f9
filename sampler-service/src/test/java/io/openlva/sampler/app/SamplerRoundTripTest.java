package io.openlva.sampler.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.KafkaTestResource;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Subjects;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.Topology;
import io.openlva.sampler.support.Graphs;
import io.openlva.sampler.support.TestClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The service against the real broker: a graph on the compacted topics, 20 s of vtest produced as ingest
 * would, images on media.frames at 2 per second (an HTTP extension's spread over the partitions, a gRPC
 * extension's on one) and motion events on lva.events.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@TestProfile(SamplerRoundTripTest.Profile.class)
public class SamplerRoundTripTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openlva.sampler.start-offset", "earliest", "openlva.sampler.consumer-threads", "1");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final Topics topics = Topics.DEFAULT;

    @Test
    void packetsBecomeFramesAndMotionEvents() throws Exception {
        String instance = "rt" + UUID.randomUUID().toString().substring(0, 8);
        Topology topology = GraphJson.readTopology(Graphs.topologyJson("roundtrip-2.0.json"));
        Instance inst = GraphJson.readInstance(Graphs.instanceJson("2.0", instance, topology.name(),
                Map.of("rtspUrl", "rtsp://127.0.0.1:8554/cam"))).withState(InstanceState.ACTIVE);
        StreamKey stream = new StreamKey(instance, "rtspSource");
        List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), stream, "session-a").subList(0, 200);

        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            producer.send(new ProducerRecord<>(topics.topologies(), topology.name(),
                    GraphJson.writeTopologyForStorage(topology).getBytes())).get();
            producer.send(new ProducerRecord<>(topics.instances(), instance,
                    GraphJson.writeInstanceForStorage(inst).getBytes())).get();
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    given().get("/q/health/ready").then().statusCode(200).body(containsString("\"plannedStreams\": \"1\"")));
            for (MediaPacket p : packets) {
                producer.send(p.toRecord(topics.packets()));
            }
            producer.flush();
        }

        Map<String, List<MediaFrame>> frames = new HashMap<>();
        Map<String, Set<Integer>> partitions = new HashMap<>();
        List<GraphEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topics.frames(), topics.events()));
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).until(() -> {
                collect(consumer.poll(Duration.ofMillis(500)), instance, frames, partitions, events);
                return frames.getOrDefault("httpExtension", List.of()).size() >= 40
                        && frames.getOrDefault("grpcExtension", List.of()).size() >= 40 && !events.isEmpty();
            });
            collect(consumer.poll(Duration.ofSeconds(2)), instance, frames, partitions, events);
        }
        // 20 s at 2 per second, evenly spaced on media time; spread frames arrive in any order across
        // partitions, so a consumer orders them by media time
        List<MediaFrame> http = frames.get("httpExtension").stream()
                .sorted(Comparator.comparingLong(MediaFrame::mediaTimeUs)).toList();
        assertThat(http).hasSize(40);
        for (int i = 1; i < http.size(); i++) {
            assertThat(http.get(i).mediaTimeUs() - http.get(i - 1).mediaTimeUs()).isEqualTo(500_000);
        }
        assertThat(partitions.get("httpExtension")).as("one camera's HTTP-extension frames reach several partitions")
                .hasSizeGreaterThan(1);
        MediaFrame f = http.get(0);
        assertThat(f.key()).isEqualTo(new StreamKey(instance, "httpExtension"));
        assertThat(f.width()).isEqualTo(320);
        assertThat(f.height()).isEqualTo(240);
        assertThat(f.contentType()).isEqualTo("image/jpeg");
        // the gRPC extension needs its stream in order: one partition, so arrival order is media order
        List<MediaFrame> grpc = frames.get("grpcExtension");
        assertThat(partitions.get("grpcExtension")).hasSize(1);
        assertThat(grpc).hasSize(40);
        assertThat(grpc).extracting(MediaFrame::mediaTimeUs).isSorted()
                .isEqualTo(http.stream().map(MediaFrame::mediaTimeUs).toList());
        assertThat(grpc.get(0).width()).isEqualTo(160);
        GraphEvent e = events.get(0);
        assertThat(e.subject()).isEqualTo(Subjects.processor(instance, "motionDetection"));
        assertThat(e.body().get("inferences").get(0).get("motion").get("box").get("w").asDouble()).isPositive();
        assertThat(e.mediaTimeUs()).isPositive();

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("openlva_sampler_frames_decoded_total{instance=\"" + instance + "\""))
                .body(containsString("openlva_sampler_decode_time_seconds"));
        given().get("/q/health/live").then().statusCode(200);
    }

    private void collect(ConsumerRecords<String, byte[]> records, String instance, Map<String, List<MediaFrame>> frames,
            Map<String, Set<Integer>> partitions, List<GraphEvent> events) {
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.topic().equals(topics.frames()) && r.key().startsWith(instance + "/")) {
                MediaFrame frame = MediaFrame.fromRecord(r);
                frames.computeIfAbsent(frame.key().node(), n -> new ArrayList<>()).add(frame);
                partitions.computeIfAbsent(frame.key().node(), n -> new HashSet<>()).add(r.partition());
            } else if (r.topic().equals(topics.events()) && instance.equals(r.key())) {
                events.add(GraphEvent.fromRecord(r));
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }
}
