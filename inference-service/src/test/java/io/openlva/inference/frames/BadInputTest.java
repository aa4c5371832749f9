package io.openlva.inference.frames;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.inference.GraphFixtures;
import io.openlva.inference.TestClients;
import io.openlva.inference.onnx.FragileModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Bad input on a real broker: a frame record that is not a frame, a corrupt image, a frame of a node whose instance
 * was deleted, and a frame the model fails on (a real ONNX model ONNX Runtime rejects dark frames with). Each is
 * counted per node and reason, the nodes of active graphs get a DataDropped event, and the loop goes on: the
 * next good frame still becomes an event.
 */
@QuarkusTest
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class BadInputTest {

    private static final String LIVE = "live-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String GONE = "gone-" + UUID.randomUUID().toString().substring(0, 8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Topics topics;

    private final List<GraphEvent> events = new CopyOnWriteArrayList<>();
    private long mediaTime = 1_000_000;

    @Test
    void badFramesAreCountedAndReportedAndTheLoopGoesOn() throws Exception {
        Map<String, String> params = Map.of("modelPath", FragileModel.path().toString());
        GraphFixtures.activate(bootstrap, topics, "/topologies/fragile-model.json", LIVE, params);
        GraphFixtures.activate(bootstrap, topics, "/topologies/fragile-model.json", GONE, params);
        try (KafkaConsumer<String, byte[]> consumer = TestClients.events(bootstrap, topics, true);
                KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            // both graphs are followed once a white frame of each becomes an inference event
            sendUntilEvent(producer, consumer, LIVE, 255);
            sendUntilEvent(producer, consumer, GONE, 255);

            double goneBefore = dropped(GONE, "no-active-node");
            GraphFixtures.delete(bootstrap, topics, GONE);
            // frames of the deleted instance's node: dropped as no-active-node once the deletion is followed
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                send(producer, frame(GONE, mediaTime++, 255));
                assertThat(dropped(GONE, "no-active-node")).isGreaterThan(goneBefore);
            });

            // a record that is not a frame (no content type), a corrupt JPEG, a frame the model fails on
            producer.send(new ProducerRecord<>(topics.frames(), LIVE + "/fragile", new byte[] {1, 2, 3})).get(30, TimeUnit.SECONDS);
            long corrupt = mediaTime++;
            send(producer, new MediaFrame(new StreamKey(LIVE, "fragile"), "rtspSource", corrupt, System.currentTimeMillis(),
                    "image/jpeg", null, 8, 8, 8, 8, "stretch", null, "not a jpeg at all".getBytes()));
            long dark = mediaTime++;
            send(producer, frame(LIVE, dark, 100));
            // ... and the loop goes on: the next good frame becomes an event
            long after = sendUntilEvent(producer, consumer, LIVE, 255);
            assertThat(after).isGreaterThan(dark);
            assertThat(events).as("no inference event for the bad frames")
                    .noneMatch(e -> e.eventType().equals(EventTypes.INFERENCE) && (e.mediaTimeUs() == corrupt || e.mediaTimeUs() == dark));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(dropped(LIVE, "bad-image")).isEqualTo(1);
                assertThat(dropped(LIVE, "model-error")).isEqualTo(1);
                assertThat(dropped(LIVE, "bad-record")).isEqualTo(1);
            });
            // the live node's drops reach lva.events as DataDropped (the first at once, the next within the interval);
            // the deleted instance's node gets none
            poll(consumer, Duration.ofSeconds(40), e -> droppedCount(e, LIVE, "bad-image") + droppedCount(e, LIVE, "model-error") >= 2);
            assertThat(events.stream().mapToLong(e -> droppedCount(e, LIVE, "bad-image")).sum()).isEqualTo(1);
            assertThat(events.stream().mapToLong(e -> droppedCount(e, LIVE, "model-error")).sum()).isEqualTo(1);
            GraphEvent report = events.stream().filter(e -> droppedCount(e, LIVE, "model-error") > 0).findFirst().orElseThrow();
            assertThat(report.subject()).isEqualTo("/graphInstances/" + LIVE + "/processors/fragile");
            assertThat(report.body().get("errorDetails").asText()).contains("ONNX Runtime failed");
            assertThat(events).noneMatch(e -> e.instance().equals(GONE) && e.eventType().equals(EventTypes.DATA_DROPPED));
        }
    }

    /** Sends white/grey frames of {@code instance} until one becomes an inference event; returns its media time. */
    private long sendUntilEvent(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> consumer, String instance,
            int grey) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long first = mediaTime;
        while (System.nanoTime() < deadline) {
            send(producer, frame(instance, mediaTime++, grey));
            GraphEvent e = poll(consumer, Duration.ofSeconds(3), ev -> ev.instance().equals(instance)
                    && ev.eventType().equals(EventTypes.INFERENCE) && ev.mediaTimeUs() >= first);
            if (e != null) {
                return e.mediaTimeUs();
            }
        }
        throw new AssertionError("no inference event for " + instance + " within 120 s");
    }

    private GraphEvent poll(KafkaConsumer<String, byte[]> consumer, Duration within, Predicate<GraphEvent> wanted) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (var r : consumer.poll(Duration.ofMillis(500))) {
                GraphEvent e = GraphEvent.fromRecord(r);
                events.add(e);
            }
            for (GraphEvent e : events) {
                if (wanted.test(e)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static long droppedCount(GraphEvent e, String instance, String reason) {
        return e.instance().equals(instance) && e.eventType().equals(EventTypes.DATA_DROPPED)
                ? e.body().path("reasons").path(reason).asLong(0) : 0;
    }

    /** openlva_inference_frames_dropped_total of the instance's fragile node for a reason, from /q/metrics. */
    private static double dropped(String instance, String reason) {
        String metrics = given().get("/q/metrics").asString();
        Matcher m = Pattern.compile("openlva_inference_frames_dropped_total\\{instance=\"" + instance
                + "\",node=\"fragile\",reason=\"" + reason + "\"} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private void send(KafkaProducer<String, byte[]> producer, MediaFrame frame) throws Exception {
        producer.send(frame.toRecord(topics.frames(), true)).get(30, TimeUnit.SECONDS);
    }

    private static MediaFrame frame(String instance, long mediaTimeUs, int grey) {
        byte[] rgb = new byte[FragileModel.SIZE * FragileModel.SIZE * 3];
        Arrays.fill(rgb, (byte) grey);
        return new MediaFrame(new StreamKey(instance, "fragile"), "rtspSource", mediaTimeUs, System.currentTimeMillis(),
                "image/x-raw", "rgb24", FragileModel.SIZE, FragileModel.SIZE, 640, 480, "stretch", null, rgb);
    }
}
