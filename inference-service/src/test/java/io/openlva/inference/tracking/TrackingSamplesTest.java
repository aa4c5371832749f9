package io.openlva.inference.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.Topology;
import io.openlva.inference.GraphFixtures;
import io.openlva.inference.TestClients;
import io.openlva.inference.TestFrames;
import io.openlva.inference.TestModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * AVA's published tracking samples (/work/shared/ava-samples; skipped with a message where absent) activate in this
 * service, their HTTP extension pointed at its own {@code /score}: {@code line-crossing} and
 * {@code cvr-with-httpExtension-and-objectTracking}. The frames are sent as the sampler sends them for an extension
 * feeding a tracker (one stream key, a 416x416 padded BMP 2 times a second, time-only frames in between) from 14 s of
 * the pedestrian clip; the trackers report tracked people and the line crossing counts the two people who cross
 * its sample line (see TrackingOnRealFramesTest for the hand count). The VideoSink fed by the tracker in the cvr
 * sample is the recorder's to refuse, not this service's.
 */
@QuarkusTest
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class TrackingSamplesTest {

    private static final Path SAMPLES = Path.of(System.getProperty("openlva.shared", "/work/shared"), "ava-samples");
    private static final List<String> FILES = List.of("line-crossing.json", "cvr-with-httpExtension-and-objectTracking.json");
    private static final int SIDE = 416;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Topics topics;

    @Test
    void avasTrackingSamplesActivateTrackPeopleAndCountCrossings() throws IOException {
        if (!Files.isDirectory(SAMPLES)) {
            System.out.println("TrackingSamplesTest SKIPPED: AVA samples not found under " + SAMPLES);
        }
        Assumptions.assumeTrue(Files.isDirectory(SAMPLES), "AVA samples absent under " + SAMPLES);
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> instances = new LinkedHashMap<>(); // instance -> sample file
        for (String file : FILES) {
            ObjectNode doc = (ObjectNode) Json.read(Files.readString(SAMPLES.resolve(file)));
            String instance = "tracking-" + run + "-" + instances.size();
            doc.put("name", instance);
            Topology t = GraphJson.readTopology(doc);
            assertThat(t.nodes()).as("%s: every node has a service", file).allMatch(n -> n.kind().runnable());
            Map<String, String> parameters = new HashMap<>();
            t.parameters().stream().filter(d -> !d.hasDefault()).forEach(d -> parameters.put(d.name(), "value"));
            parameters.put("rtspUrl", "rtsp://127.0.0.1:1/none");
            String score = "http://127.0.0.1:" + RestAssured.port + "/score";
            parameters.put(file.startsWith("line") ? "inferenceUrl" : "inferencingUrl", score);
            GraphFixtures.activateTopology(bootstrap, topics, doc.toString(), instance, parameters);
            instances.put(instance, file);
        }
        awaitActive(instances.keySet());

        List<Path> jpegs = TestFrames.run(TrackingOnRealFramesTest.FIRST, TrackingOnRealFramesTest.FRAMES);
        Map<String, List<JsonNode>> tracked = new HashMap<>();
        Map<String, List<JsonNode>> crossings = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap);
                KafkaConsumer<String, byte[]> events = TestClients.events(bootstrap, topics, false)) {
            for (int i = 0; i < jpegs.size(); i++) {
                int n = TrackingOnRealFramesTest.FIRST + i;
                byte[] bmp = n % TrackedClip.SAMPLE_EVERY == 0 ? paddedBmp(jpegs.get(i)) : null;
                for (String instance : instances.keySet()) {
                    StreamKey key = new StreamKey(instance, "httpExtension");
                    MediaFrame f = bmp != null
                            ? new MediaFrame(key, "rtspSource", n * 100_000L, 0, "image/bmp", null, SIDE, SIDE,
                                    TestFrames.SOURCE_WIDTH, TestFrames.SOURCE_HEIGHT, "pad", null, bmp)
                            : MediaFrame.timeOnly(key, "rtspSource", n * 100_000L, 0, TestFrames.SOURCE_WIDTH,
                                    TestFrames.SOURCE_HEIGHT, null);
                    producer.send(f.toRecord(topics.frames(), false));
                }
            }
            producer.flush();
            long lastFrameUs = (TrackingOnRealFramesTest.FIRST + TrackingOnRealFramesTest.FRAMES - 1) * 100_000L;
            Map<String, Long> lastTracked = new HashMap<>();
            await().atMost(Duration.ofSeconds(180)).until(() -> {
                events.poll(Duration.ofMillis(500)).forEach(r -> {
                    GraphEvent e = GraphEvent.fromRecord(r);
                    if (!instances.containsKey(e.instance()) || !e.eventType().equals(EventTypes.INFERENCE)) {
                        return;
                    }
                    if (e.node().equals("objectTracker")) {
                        tracked.computeIfAbsent(e.instance(), k -> new ArrayList<>()).add(e.body());
                        lastTracked.merge(e.instance(), e.mediaTimeUs(), Math::max);
                    } else if (e.node().equals("lineCrossing")) {
                        e.body().get("inferences").forEach(inf -> crossings.computeIfAbsent(e.instance(),
                                k -> new ArrayList<>()).add(inf));
                    }
                });
                // the tracker reports the clip's last frame once every frame before it went through
                return instances.keySet().stream().allMatch(i -> lastTracked.getOrDefault(i, 0L) >= lastFrameUs);
            });
        }
        for (String instance : instances.keySet()) {
            List<JsonNode> bodies = tracked.get(instance);
            System.out.printf("TrackingSamplesTest: %s (%s): %d tracker events, crossings %s%n", instances.get(instance),
                    instance, bodies.size(), crossings.getOrDefault(instance, List.of()));
            assertThat(bodies).as("tracker events of %s, frames between samples included", instances.get(instance))
                    .hasSizeGreaterThan(100);
            assertThat(bodies).allSatisfy(b -> assertThat(b.get("inferences")).allSatisfy(inf -> {
                assertThat(inf.get("sequenceId").asText()).matches("[0-9a-f]{32}");
                assertThat(inf.at("/entity/tag/value").asText()).isNotEmpty();
            }));
        }
        String lineCrossing = instances.keySet().iterator().next();
        assertThat(crossings.get(lineCrossing)).as("crossings of AVA's sample line").hasSize(2)
                .extracting(c -> c.at("/event/properties/direction").asText())
                .containsExactly("counterclockwise", "clockwise");
        assertThat(crossings.get(lineCrossing).get(1).at("/event/name").asText()).isEqualTo("LineCrossing1");
        assertThat(crossings.get(lineCrossing).get(1).at("/event/properties/total").asText()).isEqualTo("2");
    }

    /** Waits for this service's Active report on every instance. */
    private void awaitActive(java.util.Set<String> instances) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<String, InstanceStatus> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> status = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition part = new TopicPartition(topics.status(), 0);
            status.assign(List.of(part));
            status.seekToBeginning(List.of(part));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                status.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null) {
                        InstanceStatus s = InstanceStatus.fromJson(r.value());
                        if (s.service() == OwningService.INFERENCE && instances.contains(s.instance())) {
                            latest.put(s.instance(), s);
                        }
                    }
                });
                return instances.stream().allMatch(i -> latest.containsKey(i) && latest.get(i).state() == InstanceState.ACTIVE);
            });
        }
    }

    /** The frame as the sampler makes it for AVA's sample image settings: 416x416, pad, BMP. */
    private static byte[] paddedBmp(Path jpeg) {
        try {
            BufferedImage src = ImageIO.read(new ByteArrayInputStream(TestFrames.read(jpeg)));
            BufferedImage out = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_3BYTE_BGR);
            int h = SIDE * src.getHeight() / src.getWidth();
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, (SIDE - h) / 2, SIDE, h, null);
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "bmp", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
