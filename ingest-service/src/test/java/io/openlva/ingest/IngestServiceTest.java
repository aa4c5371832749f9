package io.openlva.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.openlva.devkit.KafkaTestResource;
import io.openlva.devkit.camera.SimulatedCamera;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.ingest.sources.SourceRunner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The service on a real broker pulling the simulated camera (GStreamer RTSP server). */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestServiceTest {

    static final String USER = "viewer";
    static final String PASSWORD = "p@ss word:42";
    static final String TOPOLOGY = "IngestTest";
    static SimulatedCamera camera;
    static KafkaTap tap;

    @Inject
    SourceRunner sources;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeAll
    static void camera() {
        camera = SimulatedCamera.start(0, Map.of("cam1", SampleClips.still(), "cam2", SampleClips.vtest()), USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (tap != null) {
            tap.close();
        }
        if (camera != null) {
            camera.stop();
        }
    }

    KafkaTap tap() {
        if (tap == null) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicSpecs.ensure(admin, Topics.DEFAULT, 6);
            }
            tap = new KafkaTap(bootstrap, Topics.DEFAULT);
            tap.putTopology(TOPOLOGY, resource("/graphs/ingest-topology.json"));
        }
        return tap;
    }

    static String resource(String path) {
        try (InputStream in = IngestServiceTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String instance(String name, String mount, String password, boolean active) {
        return KafkaTap.instanceJson(name, TOPOLOGY, Map.of("rtspUrl", camera.url(mount), "rtspUserName", USER,
                "rtspPassword", password), active);
    }

    @Test
    @Order(1)
    void activeInstanceEstablishesSessionWithSdpAndPublishesPackets() {
        long version = tap().putInstance("camA", instance("camA", "cam1", PASSWORD, true));
        await().atMost(Duration.ofSeconds(60)).until(() -> !tap.events("camA", EventTypes.MEDIA_SESSION_ESTABLISHED).isEmpty());
        GraphEvent established = tap.events("camA", EventTypes.MEDIA_SESSION_ESTABLISHED).get(0);
        assertThat(established.subject()).isEqualTo("/graphInstances/camA/sources/rtspSource");
        String sdp = established.body().get("sdp").asText();
        assertThat(sdp).startsWith("SDP:\n").contains("v=0").contains("m=video").contains("H264");
        assertThat(sdp).doesNotContain(PASSWORD).doesNotContain("p%40ss");
        await().atMost(Duration.ofSeconds(30)).until(() -> tap.packets("camA/rtspSource").size() >= 20);
        given().when().get("/q/health/ready").then().statusCode(200).body(containsString("camA/rtspSource"));
        // the service reported what it did with the instance, naming the record it acted on
        await().atMost(Duration.ofSeconds(30)).until(() -> !tap.statuses("camA").isEmpty());
        KafkaTap.Status status = tap.statuses("camA").get(tap.statuses("camA").size() - 1);
        assertThat(status.key()).isEqualTo("camA/ingest-service");
        assertThat(status.status().service()).isEqualTo(OwningService.INGEST);
        assertThat(status.status().state()).isEqualTo(InstanceState.ACTIVE);
        assertThat(status.status().instanceVersion()).isEqualTo(version);
    }

    @Test
    @Order(2)
    void wrongPasswordGivesAuthenticationErrorsAndRetries() {
        tap().putInstance("camBad", instance("camBad", "cam2", "wrong", true));
        await().atMost(Duration.ofSeconds(60)).until(() -> tap.events("camBad", EventTypes.AUTHENTICATION_ERROR).size() >= 3);
        GraphEvent error = tap.events("camBad", EventTypes.AUTHENTICATION_ERROR).get(0);
        assertThat(error.body().get("errorCode").asText()).isEqualTo("401");
        assertThat(error.body().toString()).doesNotContain("wrong").doesNotContain(PASSWORD);
        assertThat(tap.events("camBad", EventTypes.MEDIA_SESSION_ESTABLISHED)).isEmpty();
        assertThat(tap.packets("camBad/rtspSource")).isEmpty();
        // the right password: the same instance now connects
        tap.putInstance("camBad", instance("camBad", "cam2", PASSWORD, true));
        await().atMost(Duration.ofSeconds(60)).until(() -> !tap.events("camBad", EventTypes.MEDIA_SESSION_ESTABLISHED).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> !tap.packets("camBad/rtspSource").isEmpty());
        // deleting the instance stops the pull, and its status report goes (a tombstone)
        tap.deleteInstance("camBad");
        await().atMost(Duration.ofSeconds(30)).until(() -> !sources.pulledSources().contains("camBad/rtspSource"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<KafkaTap.Status> s = tap.statuses("camBad");
            return !s.isEmpty() && s.get(s.size() - 1).status() == null;
        });
    }

    @Test
    @Order(3)
    void packetsKeepIncreasingAcrossClipLoopsAndDecodeFromAnyKeyframe() {
        // still() is a 10 s clip: 23 s of media is more than two loops of the camera
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            List<MediaPacket> p = sameSession(tap.packets("camA/rtspSource"));
            return p.size() > 2 && p.get(p.size() - 1).mediaTimeUs() - p.get(0).mediaTimeUs() > 23_000_000;
        });
        List<MediaPacket> packets = sameSession(tap.packets("camA/rtspSource"));
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).mediaTimeUs()).isGreaterThan(packets.get(i - 1).mediaTimeUs());
            assertThat(packets.get(i).sequence()).isEqualTo(packets.get(i - 1).sequence() + 1);
        }
        List<MediaPacket> keyframes = packets.stream().filter(MediaPacket::keyframe).toList();
        assertThat(keyframes.size()).isGreaterThanOrEqualTo(10);
        assertThat(packets.stream().filter(p -> !p.keyframe())).allMatch(p -> p.codecConfig() == null);
        for (MediaPacket k : keyframes) {
            assertThat(k.codecConfig()).isNotEmpty();
            assertThat(k.codec()).isEqualTo(MediaPacket.Codec.H264);
            assertThat(k.width()).isEqualTo(768);
            assertThat(k.height()).isEqualTo(576);
        }
        // a consumer starting at a keyframe in the middle (in the second loop) decodes a picture
        MediaPacket middle = keyframes.get(keyframes.size() / 2 + 1);
        List<MediaPacket> fromMiddle = packets.subList(packets.indexOf(middle), packets.size());
        assertThat(Decoder.firstPictureSize(fromMiddle)).containsExactly(768, 576);
        // the first packet without a camera timestamp is kept, not dropped, and flagged
        assertThat(packets.get(0).sequence()).isZero();
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("openlva_ingest_packets_total{instance=\"camA\",node=\"rtspSource\"}"))
                .body(containsString("openlva_ingest_last_packet_age_seconds{instance=\"camA\",node=\"rtspSource\"}"))
                .body(containsString("openlva_ingest_dropped_packets_total"));
    }

    private static List<MediaPacket> sameSession(List<MediaPacket> all) {
        if (all.isEmpty()) {
            return all;
        }
        String first = all.get(0).sessionId();
        return all.stream().filter(p -> p.sessionId().equals(first)).toList();
    }

    @Test
    @Order(4)
    void cameraKilledAndRestartedTenTimesResumesEachTime() {
        List<Long> resumeMs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int disconnects = tap.events("camA", EventTypes.MEDIA_SESSION_DISCONNECTED).size();
            int established = tap.events("camA", EventTypes.MEDIA_SESSION_ESTABLISHED).size();
            String before = lastSession();
            camera.kill();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> tap.events("camA", EventTypes.MEDIA_SESSION_DISCONNECTED).size() > disconnects);
            long restarted = System.nanoTime();
            camera.restart();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> tap.events("camA", EventTypes.MEDIA_SESSION_ESTABLISHED).size() > established);
            await().atMost(Duration.ofSeconds(30)).until(() -> tap.packets("camA/rtspSource").stream()
                    .anyMatch(p -> !p.sessionId().equals(before) && p.sequence() > 5));
            resumeMs.add((System.nanoTime() - restarted) / 1_000_000);
        }
        System.out.println("[ingest] camera restart -> packets flowing again, ms: " + resumeMs);
        assertThat(tap.events("camA", EventTypes.MEDIA_SESSION_DISCONNECTED)).hasSizeGreaterThanOrEqualTo(10);
        assertThat(tap.events("camA", EventTypes.MEDIA_SESSION_ESTABLISHED)).hasSizeGreaterThanOrEqualTo(11);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("openlva_ingest_reconnects_total{instance=\"camA\",node=\"rtspSource\"}"));
    }

    private static String lastSession() {
        List<MediaPacket> p = tap.packets("camA/rtspSource");
        return p.get(p.size() - 1).sessionId();
    }

    @Test
    @Order(5)
    void deactivatingStopsThePull() {
        long version = tap.putInstance("camA", instance("camA", "cam1", PASSWORD, false));
        await().atMost(Duration.ofSeconds(30)).until(() -> sources.pulledSources().isEmpty());
        // Inactive is reported once the session has ended
        await().atMost(Duration.ofSeconds(30)).until(() -> tap.statuses("camA").stream().anyMatch(s -> s.status() != null
                && s.status().state() == InstanceState.INACTIVE && s.status().instanceVersion() == version));
        int count = tap.packets("camA/rtspSource").size();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> tap.packets("camA/rtspSource").size() - count < 5);
    }

    @Test
    @Order(6)
    void readinessIsDownWhileKafkaIsUnreachable() {
        given().when().get("/q/health/ready").then().statusCode(200);
        io.openlva.devkit.KafkaBroker broker = io.openlva.devkit.TestKafka.shared();
        broker.kill();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> given().when().get("/q/health/ready").statusCode() == 503);
            given().when().get("/q/health/ready").then().body(containsString("unreachable"));
        } finally {
            broker.restart();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().when().get("/q/health/ready").statusCode() == 200);
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
