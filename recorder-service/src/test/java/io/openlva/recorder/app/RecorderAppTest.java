package io.openlva.recorder.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.TestKafka;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.Topology;
import io.openlva.recorder.testing.Probe;
import io.openlva.recorder.testing.TestStreams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The service end to end: an LVA 2.0 topology (motion → signal gate → file sink, and a continuous asset sink)
 * applied through the graph topics; packets and motion events through Kafka; deactivating the instance mid-clip
 * closes both recordings cleanly (they play to the end).
 */
@QuarkusTest
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class RecorderAppTest {

    private static final long S = 1_000_000L;

    @Inject
    RecorderApp service;

    static String topology(Path files) {
        return """
                {
                  "@apiVersion": "2.0",
                  "name": "RecorderEvrCvr",
                  "properties": {
                    "parameters": [
                      {"name": "rtspUrl", "type": "String"},
                      {"name": "fileSinkOutputName", "type": "String", "default": "filesinkOutput"}
                    ],
                    "sources": [{
                      "@type": "#Microsoft.Media.MediaGraphRtspSource", "name": "rtspSource",
                      "endpoint": {"@type": "#Microsoft.Media.MediaGraphUnsecuredEndpoint", "url": "${rtspUrl}"}
                    }],
                    "processors": [
                      {"@type": "#Microsoft.Media.MediaGraphMotionDetectionProcessor", "name": "motionDetection",
                       "sensitivity": "medium", "inputs": [{"nodeName": "rtspSource"}]},
                      {"@type": "#Microsoft.Media.MediaGraphSignalGateProcessor", "name": "signalGateProcessor",
                       "inputs": [{"nodeName": "motionDetection"}, {"nodeName": "rtspSource"}],
                       "activationEvaluationWindow": "PT1S", "activationSignalOffset": "-PT5S",
                       "minimumActivationTime": "PT30S", "maximumActivationTime": "PT60S"}
                    ],
                    "sinks": [
                      {"@type": "#Microsoft.Media.MediaGraphFileSink", "name": "fileSink",
                       "inputs": [{"nodeName": "signalGateProcessor"}],
                       "fileNamePattern": "evr-${fileSinkOutputName}-${System.DateTime}",
                       "maximumSizeMiB": "512", "baseDirectoryPath": "%s"},
                      {"@type": "#Microsoft.Media.MediaGraphAssetSink", "name": "assetSink",
                       "inputs": [{"nodeName": "rtspSource"}],
                       "assetNamePattern": "cvr-${System.GraphInstanceName}", "segmentLength": "PT30S",
                       "localMediaCachePath": "/var/lib/azuremediaservices/tmp/", "localMediaCacheMaximumSizeMiB": "2048"}
                    ]
                  }
                }
                """.formatted(files.toString());
    }

    static String instance(String name, String state) {
        return """
                {"@apiVersion": "2.0", "name": "%s", "properties": {"topologyName": "RecorderEvrCvr",
                 "parameters": [{"name": "rtspUrl", "value": "rtsp://camera.local:554/stream"}], "state": "%s"}}
                """.formatted(name, state);
    }

    @Test
    void recordsAnActiveInstanceAndClosesClipsWhenItDeactivates() throws Exception {
        Topics topics = Topics.DEFAULT;
        String bootstrap = TestKafka.shared().bootstrapServers();
        Path files = Path.of("target", "service-files").toAbsolutePath();
        Path assets = Path.of(System.getProperty("user.dir"), "target", "service-assets");
        String name = "cam" + System.nanoTime() % 100000;
        Topology t = GraphJson.readTopology(topology(files));
        Instance active = GraphJson.readInstance(instance(name, "active"));
        assertThat(active.state()).isEqualTo(InstanceState.ACTIVE);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
                TestStreams streams = new TestStreams(TestKafka.shared(), topics)) {
            producer.send(new ProducerRecord<>(topics.topologies(), t.name(), GraphJson.writeTopologyForStorage(t).getBytes()));
            producer.send(new ProducerRecord<>(topics.instances(), name, GraphJson.writeInstanceForStorage(active).getBytes()));
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> service.plans().stream()
                    .anyMatch(s -> s.source().equals(new StreamKey(name, "rtspSource"))));
            service.awaitApplied(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(60)).until(() -> !service.engine().assignedPartitions().isEmpty());
            var plan = service.plans().stream().filter(s -> s.source().instance().equals(name)).findFirst().orElseThrow();
            assertThat(plan.gates()).hasSize(1);
            assertThat(plan.gates().get(0).eventInputs()).containsExactly("motionDetection");
            assertThat(plan.continuous()).hasSize(1);

            long routed = service.engine().eventsRouted();
            long captureBase = System.currentTimeMillis() - 60_000;
            streams.motion(name, "motionDetection", 10 * S, captureBase + 10_300);
            await().atMost(Duration.ofSeconds(30)).until(() -> service.engine().eventsRouted() == routed + 1);
            List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), new StreamKey(name, "rtspSource"),
                    captureBase);
            streams.packets(packets.stream().filter(x -> x.mediaTimeUs() < 30 * S).toList());
            // the clip [5 s, 40 s) is recording when the instance deactivates
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.recordingEvents(name).stream()
                    .filter(e -> e.subject().endsWith("/fileSink"))
                    .anyMatch(e -> e.eventType().equals(EventTypes.RECORDING_AVAILABLE)));
            await().atMost(Duration.ofSeconds(30)).until(() -> service.engine().packetsRead() > 0
                    && service.engine().openGates() == 1);

            Instance deactivating = active.withState(InstanceState.DEACTIVATING);
            producer.send(new ProducerRecord<>(topics.instances(), name, GraphJson.writeInstanceForStorage(deactivating).getBytes()));
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<GraphEvent> ev = streams.recordingEvents(name);
                return ev.stream().filter(e -> e.eventType().equals(EventTypes.RECORDING_STOPPED)).count() == 2;
            });
        }
        Path clip;
        try (Stream<Path> s = Files.list(files)) {
            clip = s.filter(f -> f.getFileName().toString().startsWith("evr-filesinkOutput-")).findFirst().orElseThrow();
        }
        Probe.Result r = Probe.probe(clip);
        // keyframe at 4 s (start asked 10 s - 5 s) up to the last packet before the deactivation (29.9 s)
        assertThat(r.durationS()).isCloseTo(26.0, within(0.2));
        assertThat(r.frames()).isEqualTo(260);
        assertThat(r.decodeErrors()).isFalse();
        Path asset = assets.resolve("cvr-" + name);
        List<Path> segments;
        try (Stream<Path> s = Files.list(asset)) {
            segments = s.sorted().toList();
        }
        assertThat(segments).hasSize(1);
        int frames = 0;
        for (Path seg : segments) {
            frames += Probe.probe(seg).frames();
        }
        assertThat(frames).isEqualTo(300);

        given().when().get("/q/health/ready").then().statusCode(200).body(containsString("recorder"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("openlva_recorder_bytes_written_bytes_total"))
                .body(containsString("openlva_recorder_clips_total"));

        // the console's view: both recordings listed with their length, a file served by byte ranges, nothing else
        given().get("/recordings").then().statusCode(200)
                .body("value.path", hasItems(clip.toString(), segments.get(0).toString()));
        float length = given().get("/recordings").jsonPath()
                .getFloat("value.find { it.path == '" + clip + "' }.lengthSeconds");
        assertThat(length).isCloseTo(26.0f, within(0.5f));
        byte[] whole = Files.readAllBytes(clip);
        byte[] part = given().queryParam("path", clip.toString()).header("Range", "bytes=100-199")
                .get("/recordings/file").then().statusCode(206)
                .header("Content-Range", "bytes 100-199/" + whole.length).extract().asByteArray();
        assertThat(part).isEqualTo(Arrays.copyOfRange(whole, 100, 200));
        given().queryParam("path", clip.toString()).header("Range", "bytes=" + whole.length + "-")
                .get("/recordings/file").then().statusCode(416);
        given().queryParam("path", clip.toString()).get("/recordings/file").then().statusCode(200)
                .header("Accept-Ranges", "bytes").header("Content-Length", String.valueOf(whole.length));
        given().queryParam("path", files.resolve("../../pom.xml").toString()).get("/recordings/file").then()
                .statusCode(404);
        given().queryParam("path", files.resolve("../escape.mp4").toString()).get("/recordings/file").then()
                .statusCode(404);
    }
}
