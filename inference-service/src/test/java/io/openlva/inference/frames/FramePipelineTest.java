package io.openlva.inference.frames;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.inference.GraphFixtures;
import io.openlva.inference.LvaSchema;
import io.openlva.inference.TestClients;
import io.openlva.inference.TestFrames;
import io.openlva.inference.TestModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The service end to end on a real broker: an active graph with an OnnxExtension and an HttpExtension node,
 * frames on media.frames, LVA inference events on lva.events.
 */
@QuarkusTest
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class FramePipelineTest {

    private static final String INSTANCE = "cam-" + UUID.randomUUID().toString().substring(0, 8);
    private static HttpServer extension;
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Topics topics;

    @BeforeAll
    static void startExtension() throws IOException {
        TestModel.path();
        extension = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        extension.createContext("/score", ex -> {
            ex.getRequestBody().readAllBytes();
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = ("{\"inferences\":[{\"type\":\"classification\",\"classification\":{\"tag\":{\"value\":\""
                    + ex.getRequestHeaders().getFirst("Content-Type") + "\",\"confidence\":1}}}]}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        extension.start();
    }

    @AfterAll
    static void stopExtension() {
        extension.stop(0);
    }

    @Test
    void framesBecomeLvaInferenceEvents() throws Exception {
        GraphFixtures.activate(bootstrap, topics, "/topologies/people-detection.json", INSTANCE, Map.of(
                "modelPath", TestModel.path().toString(),
                "inferencingUrl", "http://127.0.0.1:" + extension.getAddress().getPort() + "/score"));
        List<GraphEvent> events = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = TestClients.events(bootstrap, topics, true);
                KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            byte[] person = TestFrames.read(TestFrames.paddedRgb24().get(0));
            byte[] jpeg = TestFrames.read(TestFrames.jpegs().get(0));
            byte[] grey = new byte[640 * 640 * 3];
            java.util.Arrays.fill(grey, (byte) 100);
            // Until the graph is followed, frames are dropped as no-active-node: keep sending until events come.
            long mediaTime = 1_000_000;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && !(hasEventOf(events, "detector") && hasEventOf(events, "httpExtension"))) {
                long now = System.currentTimeMillis();
                // detector frames are keyed per frame (spread over the partitions) as the sampler sends them
                producer.send(frame("detector", mediaTime, now, "image/x-raw", "rgb24", 640, 640, "pad", person).toRecord(topics.frames(), true))
                        .get(30, java.util.concurrent.TimeUnit.SECONDS);
                producer.send(frame("httpExtension", mediaTime, now, "image/jpeg", null, 768, 576, "none", jpeg).toRecord(topics.frames()));
                // nothing in a grey frame: no event
                producer.send(frame("detector", 999_000_000, now, "image/x-raw", "rgb24", 640, 640, "pad", grey).toRecord(topics.frames(), true));
                // stale: dropped by the latency budget, reported as DataDropped
                producer.send(frame("detector", 888_000_000, now - 60_000, "image/x-raw", "rgb24", 640, 640, "pad", person).toRecord(topics.frames(), true));
                // a node that is not in any active graph
                producer.send(new MediaFrame(new StreamKey(INSTANCE, "noSuchNode"), "rtspSource", 777_000_000, now, "image/jpeg",
                        null, 768, 576, 768, 576, "none", null, jpeg).toRecord(topics.frames()));
                producer.flush();
                mediaTime += 200_000;
                consumer.poll(Duration.ofMillis(3000)).forEach(r -> {
                    GraphEvent e = GraphEvent.fromRecord(r);
                    if (e.instance().equals(INSTANCE)) {
                        events.add(e);
                    }
                });
            }
            // drain until the stale frames' DataDropped report is in, so late events of the dropped/grey frames would
            // show up too if they were (wrongly) emitted
            long drainUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            do {
                consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
                    GraphEvent e = GraphEvent.fromRecord(r);
                    if (e.instance().equals(INSTANCE)) {
                        events.add(e);
                    }
                });
            } while (System.nanoTime() < drainUntil && events.stream().noneMatch(e -> e.eventType().equals(EventTypes.DATA_DROPPED)));
        }
        double elapsedS = (System.nanoTime() - started) / 1e9;
        assertThat(hasEventOf(events, "detector")).as("a detector event among %d events", events.size()).isTrue();
        assertThat(hasEventOf(events, "httpExtension")).as("an httpExtension event among %d events", events.size()).isTrue();

        LvaSchema schema = LvaSchema.projectCopy();
        // the person frames' first event (the stale frame's DataDropped may come first: frames spread over partitions)
        GraphEvent detection = events.stream().filter(e -> e.node().equals("detector") && e.mediaTimeUs() != 888_000_000)
                .findFirst().orElseThrow();
        assertThat(detection.subject()).isEqualTo("/graphInstances/" + INSTANCE + "/processors/detector");
        assertThat(detection.eventType()).isEqualTo(EventTypes.INFERENCE);
        assertThat(detection.mediaTimeUs()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(detection.body().get("timestamp").asLong()).isEqualTo(detection.mediaTimeUs() * 9 / 100);
        assertThat(schema.errors(detection.body())).isEmpty();
        assertThat(detection.body().get("inferences").findValues("value").stream().map(v -> v.asText()))
                .contains("person");
        // boxes are on the 768x576 source frame: nothing in the pad bars means t stays inside 0..1 and boxes are tall
        detection.body().get("inferences").forEach(i -> {
            assertThat(i.at("/entity/box/t").asDouble() + i.at("/entity/box/h").asDouble()).isLessThanOrEqualTo(1.0);
        });

        GraphEvent http = events.stream().filter(e -> e.node().equals("httpExtension")).findFirst().orElseThrow();
        assertThat(http.body().at("/inferences/0/classification/tag/value").asText()).isEqualTo("image/jpeg");
        assertThat(schema.errors(http.body())).isEmpty();
        assertThat(authorizations).contains("Basic dXNlcjpodW50ZXIy");

        assertThat(events).as("no inference event for empty, stale or unknown-node frames")
                .noneMatch(e -> e.eventType().equals(EventTypes.INFERENCE) && (e.mediaTimeUs() == 999_000_000
                        || e.mediaTimeUs() == 888_000_000 || e.mediaTimeUs() == 777_000_000));

        // frames over the latency budget: LVA's DataDropped on the node, with the stale frame's media time, rate-limited
        List<GraphEvent> dataDropped = events.stream().filter(e -> e.eventType().equals(EventTypes.DATA_DROPPED)).toList();
        assertThat(dataDropped).as("DataDropped events among %s", events).isNotEmpty();
        GraphEvent report = dataDropped.get(0);
        assertThat(report.subject()).isEqualTo("/graphInstances/" + INSTANCE + "/processors/detector");
        assertThat(report.mediaTimeUs()).isEqualTo(888_000_000);
        assertThat(report.body().at("/reasons/too-old").asLong()).isPositive();
        assertThat(report.body().get("timestamp").asLong()).isEqualTo(888_000_000L * 9 / 100);
        assertThat(report.body().get("errorDetails").asText()).contains("latency budget");
        assertThat(dataDropped).as("at most one per 10 s interval over %.0f s", elapsedS)
                .hasSizeLessThanOrEqualTo((int) (elapsedS / 10) + 2)
                .allMatch(e -> e.node().equals("detector"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").asString();
            assertThat(metrics).contains("openlva_inference_frames_dropped_total{instance=\"" + INSTANCE
                    + "\",node=\"detector\",reason=\"too-old\"}");
            assertThat(metrics).contains("openlva_inference_frames_dropped_total{instance=\"" + INSTANCE
                    + "\",node=\"noSuchNode\",reason=\"no-active-node\"}");
            assertThat(metrics).contains("openlva_inference_latency_seconds_bucket");
            assertThat(metrics).contains("openlva_inference_events_out_total");
        });
    }

    private static boolean hasEventOf(List<GraphEvent> events, String node) {
        return events.stream().anyMatch(e -> node.equals(e.node()));
    }

    private static MediaFrame frame(String node, long mediaTimeUs, long captureMs, String type, String pixelFormat, int w, int h,
            String scaleMode, byte[] data) {
        return new MediaFrame(new StreamKey(INSTANCE, node), "rtspSource", mediaTimeUs, captureMs, type, pixelFormat, w, h, 768, 576,
                scaleMode, null, data);
    }
}
