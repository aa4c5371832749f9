package io.openlva.recorder.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.param.SystemVariables;
import io.openlva.recorder.sink.RecorderMetrics;
import io.openlva.recorder.sink.StoragePolicy;
import io.openlva.recorder.testing.Probe;
import io.openlva.recorder.testing.TestStreams;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * A disk that fills up, for real: a 2 MiB tmpfs mounted under target/ (the tests run as root, like CI). The sink
 * reports StorageError and RecordingStopped for the file that failed, counts what it could not record, keeps the
 * files it had finished playable, and records again once space is freed. The free-space guard refuses new files on
 * a volume below its minimum.
 */
class StorageErrorTest {

    private static final long S = 1_000_000L;
    private static final Topics TOPICS = new Topics("storagetest.");

    @RegisterExtension
    static final TestStreams streams = TestStreams.forClass(TOPICS);

    @Test
    void aFullDiskEndsTheFileReportsStorageErrorAndRecordingResumesWhenSpaceIsFreed() throws Exception {
        String instance = "full-" + UUID.randomUUID().toString().substring(0, 8);
        Path mount = Path.of("target", "tmpfs-" + instance).toAbsolutePath();
        Files.createDirectories(mount);
        run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
        try {
            StreamKey key = new StreamKey(instance, "rtspSource");
            SinkPlan sink = new SinkPlan(instance, "fileSink", SinkPlan.Kind.FILE, mount, "seg-${System.Runtime.PreciseDateTime}",
                    null, Duration.ofSeconds(4));
            List<MediaPacket> clip = ClipPackets.read(SampleClips.vtest(), key, System.currentTimeMillis() - 90_000)
                    .stream().filter(p -> p.mediaTimeUs() < 40 * S).toList();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RecorderEngine.Options options = new RecorderEngine.Options(TOPICS, "recorder-" + instance, "earliest",
                    Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(3), GraphEvent.DEFAULT_TOPIC)
                    .withStorage(new StoragePolicy(0, Duration.ofMillis(200), Duration.ofSeconds(1)));
            try (RecorderEngine engine = new RecorderEngine(options, new KafkaFactory(streams.bootstrapServers()),
                    new ServiceHealth(), new RecorderMetrics(registry), SystemVariables::expandRuntime)) {
                engine.apply(List.of(new StreamPlan(key, List.of(), List.of(sink)))).get();
                engine.start();
                // 40 s of 768x576 H.264 is about 3.5 MiB: the 2 MiB volume fills in the middle
                streams.packets(clip);
                await().atMost(Duration.ofSeconds(60)).until(() -> engine.packetsRead() >= clip.size());
                await().atMost(Duration.ofSeconds(30)).until(() -> !events(instance, EventTypes.STORAGE_ERROR).isEmpty());
                GraphEvent error = events(instance, EventTypes.STORAGE_ERROR).get(0);
                assertThat(error.subject()).endsWith("/sinks/fileSink");
                assertThat(error.body().path("errorMessage").asText()).contains("No space left on device");
                // every file that started ends like any other, with RecordingStopped; one that never started (not
                // even its header fitted) is not left behind half-written
                for (GraphEvent started : events(instance, EventTypes.RECORDING_STARTED)) {
                    String location = started.body().path("outputLocation").asText();
                    assertThat(events(instance, EventTypes.RECORDING_STOPPED))
                            .anyMatch(e -> e.body().path("outputLocation").asText().equals(location));
                }
                for (GraphEvent e : events(instance, EventTypes.STORAGE_ERROR)) {
                    String location = e.body().path("outputLocation").asText();
                    assertThat(location).startsWith(mount.toString());
                    boolean started = events(instance, EventTypes.RECORDING_STARTED).stream()
                            .anyMatch(s -> s.body().path("outputLocation").asText().equals(location));
                    assertThat(started || !Files.exists(Path.of(location)))
                            .as(location + " in " + streams.events(instance, t -> true).stream()
                                    .map(x -> x.eventType().replaceAll(".*\\.", "") + " " + x.body()).toList())
                            .isTrue();
                }
                assertThat(registry.get("openlva.recorder.storage.errors").tag("node", "fileSink").counter().count())
                        .isGreaterThanOrEqualTo(1.0);
                assertThat(registry.get("openlva.recorder.packets.dropped").tag("reason", "storage").counter().count())
                        .isGreaterThan(0.0);
                // every file finished before the disk filled plays to its end
                List<Path> finished = finishedFiles(instance);
                assertThat(finished).isNotEmpty();
                for (Path f : finished) {
                    assertThat(Probe.probe(f).decodeErrors()).as(f.toString()).isFalse();
                    assertThat(Probe.probe(f).frames()).as(f.toString()).isEqualTo(40);
                }

                // an operator frees the volume; the next packets are recorded into a new file
                try (Stream<Path> s = Files.list(mount)) {
                    for (Path p : s.filter(p -> p.toString().endsWith(".mp4")).toList()) {
                        Files.delete(p);
                    }
                }
                int startedBefore = events(instance, EventTypes.RECORDING_STARTED).size();
                TimeUnit.MILLISECONDS.sleep(1_200); // past the longest retry wait of this policy
                List<MediaPacket> later = clip.stream().filter(p -> p.mediaTimeUs() < 8 * S)
                        .map(p -> new MediaPacket(p.key(), "session-2", p.sequence(), p.codec(), p.mediaTimeUs(), false,
                                p.captureTimeMs() + 60_000, p.keyframe(), p.codecConfig(), p.width(), p.height(), p.data()))
                        .toList();
                streams.packets(later);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> events(instance, EventTypes.RECORDING_STARTED).size() > startedBefore);
                await().atMost(Duration.ofSeconds(60)).until(() -> engine.packetsRead() >= clip.size() + later.size());
                engine.apply(List.of()).get();
            }
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void theFreeSpaceGuardRefusesNewFilesOnANearlyFullVolume() throws Exception {
        String instance = "guard-" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of("target", "recordings", instance).toAbsolutePath();
        StreamKey key = new StreamKey(instance, "rtspSource");
        SinkPlan sink = new SinkPlan(instance, "fileSink", SinkPlan.Kind.FILE, base, "cvr-${System.DateTime}", null, null);
        List<MediaPacket> clip = ClipPackets.read(SampleClips.vtest(), key, System.currentTimeMillis() - 90_000)
                .stream().filter(p -> p.mediaTimeUs() < 6 * S).toList();
        long free = Files.getFileStore(Path.of("target").toAbsolutePath()).getUsableSpace();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RecorderEngine.Options options = new RecorderEngine.Options(TOPICS, "recorder-" + instance, "earliest",
                Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(3), GraphEvent.DEFAULT_TOPIC)
                .withStorage(new StoragePolicy(free * 2, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        try (RecorderEngine engine = new RecorderEngine(options, new KafkaFactory(streams.bootstrapServers()),
                new ServiceHealth(), new RecorderMetrics(registry), SystemVariables::expandRuntime)) {
            engine.apply(List.of(new StreamPlan(key, List.of(), List.of(sink)))).get();
            engine.start();
            streams.packets(clip);
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.packetsRead() >= clip.size());
            await().atMost(Duration.ofSeconds(30)).until(() -> !events(instance, EventTypes.STORAGE_ERROR).isEmpty());
            assertThat(events(instance, EventTypes.STORAGE_ERROR).get(0).body().path("errorMessage").asText())
                    .contains("minimum-free-space");
            assertThat(events(instance, EventTypes.RECORDING_STARTED)).isEmpty();
            engine.apply(List.of()).get();
        }
        assertThat(base.resolve("cvr-x.mp4")).doesNotExist();
        try (Stream<Path> s = Files.exists(base) ? Files.list(base) : Stream.empty()) {
            assertThat(s.filter(p -> p.toString().endsWith(".mp4"))).isEmpty();
        }
    }

    private static List<GraphEvent> events(String instance, String type) {
        return streams.events(instance, type::equals);
    }

    /** Files whose RecordingStopped came before the first StorageError. */
    private static List<Path> finishedFiles(String instance) {
        List<GraphEvent> all = streams.events(instance, t -> true);
        String failed = events(instance, EventTypes.STORAGE_ERROR).get(0).body().path("outputLocation").asText();
        return all.stream().takeWhile(e -> !e.eventType().equals(EventTypes.STORAGE_ERROR))
                .filter(e -> e.eventType().equals(EventTypes.RECORDING_STOPPED))
                .map(e -> e.body().path("outputLocation").asText()).filter(l -> !l.equals(failed))
                .map(Path::of).filter(Files::exists).toList();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (the recorder's storage tests mount a"
                    + " small tmpfs and need root, as CI has): " + out);
        }
    }
}
