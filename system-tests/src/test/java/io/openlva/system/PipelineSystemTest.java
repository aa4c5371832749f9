package io.openlva.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;


import io.openlva.devkit.Ports;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.launcher.LocalPipeline;
import io.openlva.launcher.Service;
import io.openlva.launcher.ServiceProcess;

/**
 * Camera → packets → frames → YOLOv8n → events in Kafka, motion events, a gated clip that plays; then the
 * faults, each followed by events flowing again. Last of the run's classes: the faults change the shared pipeline.
 */
@Order(Integer.MAX_VALUE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineSystemTest {

    static final String INSTANCE = "camera1";
    static final Duration FIRST_RESULTS = Duration.ofMinutes(3);
    static final Duration RESUME = Duration.ofMinutes(2);

    LocalPipeline sys;

    @BeforeAll
    void activate() throws IOException {
        sys = SystemPipeline.shared();
        activateOnce(sys);
    }

    private static boolean active;

    /** Sets and activates the system graph once per run (the IoT Hub tests use the same instance). */
    static synchronized void activateOnce(LocalPipeline sys) {
        if (active) {
            return;
        }
        active = true;
        sys.api().require("GraphTopologySet", SystemPipeline.resource("system-topology.json"));
        sys.api().require("GraphInstanceSet", SystemPipeline.instance(sys, INSTANCE, "SystemEvr"));
        sys.api().require("GraphInstanceActivate", SystemPipeline.call("2.0", INSTANCE));
    }

    @Test
    @Order(1)
    void cameraToPersonDetectionsMotionAndAClip() throws Exception {
        Instant start = Instant.EPOCH;
        GraphEvent session = Events.await(sys.events(), start, FIRST_RESULTS, "MediaSessionEstablished",
                Events.from(INSTANCE, "rtspSource", EventTypes.MEDIA_SESSION_ESTABLISHED));
        assertThat(session.body().path("sdp").asText()).contains("H264");

        GraphEvent motion = Events.await(sys.events(), start, FIRST_RESULTS, "motion event", Events.motion(INSTANCE, "motionDetection"));
        assertThat(motion.subject()).isEqualTo("/graphInstances/camera1/processors/motionDetection");

        GraphEvent person = Events.await(sys.events(), start, FIRST_RESULTS, "person detection",
                Events.detection(INSTANCE, "objectDetection", "person"));
        person.body().path("inferences").forEach(inf -> {
            var box = inf.path("entity").path("box");
            for (String k : List.of("l", "t", "w", "h")) {
                assertThat(box.path(k).asDouble()).isBetween(0.0, 1.0);
            }
        });

        GraphEvent stopped = Events.await(sys.events(), start, FIRST_RESULTS, "RecordingStopped",
                Events.from(INSTANCE, "fileSink", EventTypes.RECORDING_STOPPED));
        Path clip = Path.of(stopped.body().path("outputLocation").asText());
        assertThat(clip).exists().startsWith(SystemPipeline.RECORDINGS);
        double seconds = probeDuration(clip);
        // gate: offset -2 s, minimum 4 s, maximum 8 s -> between one event (6 s) and saturated (10 s), within a GOP (2 s)
        assertThat(seconds).isBetween(6.0 - 2.0, 10.0 + 2.0);
    }

    @Test
    @Order(2)
    void cameraRestartedStreamResumes() {
        Instant before = Instant.now();
        sys.camera().restart();
        Events.await(sys.events(), before, RESUME, "MediaSessionEstablished after camera restart",
                Events.from(INSTANCE, "rtspSource", EventTypes.MEDIA_SESSION_ESTABLISHED));
        Events.await(sys.events(), Instant.now(), RESUME, "person detection after camera restart",
                Events.detection(INSTANCE, "objectDetection", "person"));
    }

    @Test
    @Order(3)
    void oneOfTwoInferenceProcessesKilled() {
        ServiceProcess second = sys.pipeline().own(ServiceProcess.start(Service.INFERENCE, SystemPipeline.ROOT, Ports.free(),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", sys.pipeline().kafka().bootstrapServers(),
                        "OPENLVA_INFERENCE_DEFAULT_MODEL_PATH", SystemPipeline.MODEL.toString()),
                sys.pipeline().logDir().resolve("second"), SystemPipeline.JVM_OPTIONS));
        second.awaitReady(Duration.ofMinutes(3));
        sys.pipeline().service(Service.INFERENCE).kill();
        Instant killed = Instant.now();
        Events.await(sys.events(), killed, RESUME, "person detection after an inference process died",
                Events.detection(INSTANCE, "objectDetection", "person"));
    }

    @Test
    @Order(4)
    void kafkaBrokerRestarted() {
        sys.pipeline().kafka().restart();
        Instant restarted = Instant.now();
        Events.await(sys.events(), restarted, RESUME, "person detection after the broker restarted",
                Events.detection(INSTANCE, "objectDetection", "person"));
        Events.await(sys.events(), restarted, RESUME, "motion after the broker restarted", Events.motion(INSTANCE, "motionDetection"));
    }

    static double probeDuration(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ffprobe " + file + ": " + out).isZero();
        return Double.parseDouble(out);
    }

}
