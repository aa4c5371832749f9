package io.openlva.recorder.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.recorder.testing.ChildProcess;
import io.openlva.recorder.testing.Probe;
import io.openlva.recorder.testing.RecorderChild;
import io.openlva.recorder.testing.TestStreams;

/**
 * kill -9 of a recorder JVM in the middle of a clip: the partial fragmented MP4 plays up to the cut; a new
 * recorder in the same group takes the stream over from the committed offsets, re-reads the gate events and
 * records the clip completely (pre-roll from Kafka).
 */
class CrashRecoveryTest {

    private static final long S = 1_000_000L;
    private static final Topics TOPICS = new Topics("crashtest.");

    @RegisterExtension
    static final TestStreams streams = TestStreams.forClass(TOPICS);

    @Test
    void aKilledRecorderLeavesAPlayableFileAndItsSuccessorRecords() throws Exception {
        String instance = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of("target", "recordings", instance).toAbsolutePath();
        Files.createDirectories(base);
        String group = "recorder-" + instance;
        String[] args = {streams.bootstrapServers(), TOPICS.prefix(), instance, base.toString(), group};
        long captureBase = System.currentTimeMillis();
        List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), new StreamKey(instance, "rtspSource"),
                captureBase).stream().filter(p -> p.mediaTimeUs() < 40 * S).toList();
        Path partial;
        CompletableFuture<Void> producing;
        try (ChildProcess first = new ChildProcess(RecorderChild.class, base.resolveSibling(instance + "-first.log"), args)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> first.printed("READY"));
            streams.motion(instance, "motionDetection", 4 * S, captureBase + 4_300);
            await().atMost(Duration.ofSeconds(30)).until(() -> first.printed("ROUTED 1"));
            // 40 s of media at 4x real time; the clip is [4 s, 34 s)
            producing = CompletableFuture.runAsync(() -> streams.packetsPaced(packets, 4.0));
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.recordingEvents(instance).stream()
                    .anyMatch(e -> e.eventType().equals(EventTypes.RECORDING_AVAILABLE)));
            partial = mp4s(base).get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.size(partial) > 600_000);
            first.kill9();
        }
        assertThat(producing.isDone()).as("killed before the media of the clip was all produced").isFalse();
        long cutSize = Files.size(partial);
        Probe.Result cut = Probe.probe(partial);
        assertThat(cut.frames()).isGreaterThanOrEqualTo(20);
        assertThat(cut.durationS()).isGreaterThanOrEqualTo(2.0).isLessThan(30.0);
        assertThat(cut.decodeErrors()).isFalse();
        assertThat(streams.recordingEvents(instance)).noneMatch(e -> e.eventType().equals(EventTypes.RECORDING_STOPPED));

        producing.get();
        try (ChildProcess second = new ChildProcess(RecorderChild.class, base.resolveSibling(instance + "-second.log"), args)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> streams.recordingEvents(instance).stream()
                    .anyMatch(e -> e.eventType().equals(EventTypes.RECORDING_STOPPED)));
            second.stop(Duration.ofSeconds(20));
        }
        assertThat(Files.size(partial)).as("the partial file is left as the crash left it").isEqualTo(cutSize);
        GraphEvent stopped = streams.recordingEvents(instance).stream()
                .filter(e -> e.eventType().equals(EventTypes.RECORDING_STOPPED)).findFirst().orElseThrow();
        Path complete = Path.of(stopped.body().get("outputLocation").asText());
        assertThat(complete).isNotEqualTo(partial).startsWith(base);
        Probe.Result full = Probe.probe(complete);
        assertThat(full.durationS()).isCloseTo(30.0, within(0.15));
        assertThat(full.frames()).isEqualTo(300);
        assertThat(full.decodeErrors()).isFalse();
    }

    private static List<Path> mp4s(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
    }
}
