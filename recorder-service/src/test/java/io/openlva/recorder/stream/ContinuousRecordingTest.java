package io.openlva.recorder.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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
import io.openlva.recorder.testing.Probe;
import io.openlva.recorder.testing.TestStreams;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * Continuous recording (a sink right after the source): segments cut at keyframes, the FileSink disk budget
 * (oldest files deleted first, total under the limit) and a pattern with {@code ../} that must not escape.
 */
class ContinuousRecordingTest {

    private static final long S = 1_000_000L;
    private static final long MIB = 1024 * 1024;
    private static final Topics TOPICS = new Topics("cvrtest.");

    @RegisterExtension
    static final TestStreams streams = TestStreams.forClass(TOPICS);

    @Test
    void segmentsBudgetAndEscapes() throws Exception {
        String instance = "cvr-" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of("target", "recordings", instance).toAbsolutePath();
        StreamKey key = new StreamKey(instance, "rtspSource");
        SinkPlan all = new SinkPlan(instance, "all", SinkPlan.Kind.FILE, base.resolve("all"), "cvr-${System.DateTime}",
                null, Duration.ofSeconds(10));
        SinkPlan budget = new SinkPlan(instance, "budget", SinkPlan.Kind.FILE, base.resolve("budget"),
                "seg-${System.Runtime.PreciseDateTime}", MIB, Duration.ofSeconds(4));
        SinkPlan escape = new SinkPlan(instance, "escape", SinkPlan.Kind.FILE, base.resolve("escape"),
                "../escaped-${System.DateTime}", null, null);
        SinkPlan escapeAsset = new SinkPlan(instance, "escapeAsset", SinkPlan.Kind.ASSET, base.resolve("assets"),
                "a/../../../escaped-asset", null, null);
        StreamPlan plan = new StreamPlan(key, List.of(), List.of(all, budget, escape, escapeAsset));
        List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), key, System.currentTimeMillis() - 90_000)
                .stream().filter(p -> p.mediaTimeUs() < 40 * S).toList();
        long inputBytes = packets.stream().mapToLong(p -> p.data().length).sum();
        assertThat(inputBytes).isGreaterThan(3 * MIB);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RecorderEngine engine = new RecorderEngine(new RecorderEngine.Options(TOPICS,
                "recorder-" + instance, "earliest", Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(4),
                GraphEvent.DEFAULT_TOPIC), new KafkaFactory(streams.bootstrapServers()), new ServiceHealth(),
                new RecorderMetrics(registry), SystemVariables::expandRuntime)) {
            engine.apply(List.of(plan)).get();
            engine.start();
            streams.packets(packets);
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.packetsRead() >= packets.size());
            // the camera reconnects: a new session whose media time starts again at 0 (12 s of it)
            List<MediaPacket> again = packets.stream().filter(p -> p.mediaTimeUs() < 12 * S)
                    .map(p -> new MediaPacket(p.key(), "session-2", p.sequence(), p.codec(), p.mediaTimeUs(), false,
                            p.captureTimeMs() + 45_000, p.keyframe(), p.codecConfig(), p.width(), p.height(), p.data()))
                    .toList();
            streams.packets(again);
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.packetsRead() >= packets.size() + again.size());
            // no more packets: after idle-close (4 s) the files are finished without any deactivation
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.recordingEvents(instance).stream()
                    .filter(e -> e.subject().endsWith("/sinks/all"))
                    .filter(e -> e.eventType().equals(EventTypes.RECORDING_STOPPED)).count() == 6);
            // what a deactivation does: the stream is no longer planned, recordings close
            engine.apply(List.of()).get();
        }

        List<Path> allFiles = list(base.resolve("all"));
        // session 1: 4 x 10 s; session 2 (new files, its timeline restarted): 10 s + 2 s
        assertThat(allFiles).hasSize(6);
        int frames = 0;
        double[] durations = new double[allFiles.size()];
        for (int i = 0; i < allFiles.size(); i++) {
            Probe.Result r = Probe.probe(allFiles.get(i));
            assertThat(r.decodeErrors()).isFalse();
            durations[i] = r.durationS();
            frames += r.frames();
        }
        assertThat(durations).containsExactly(new double[] {10, 10, 10, 10, 10, 2}, within(0.15));
        assertThat(frames).isEqualTo(400 + 120);

        List<Path> kept = list(base.resolve("budget"));
        long total = kept.stream().mapToLong(ContinuousRecordingTest::size).sum();
        assertThat(total).isLessThanOrEqualTo(MIB);
        // 10 segments of 4 s were written (about 3.5 MiB); only the newest survive
        assertThat(kept.size()).isBetween(1, 4);
        double keptS = 0;
        for (Path f : kept) {
            keptS += Probe.probe(f).durationS();
        }
        Path newest = kept.get(kept.size() - 1);
        assertThat(Probe.probe(newest).frames()).isEqualTo(40);
        assertThat(keptS).isCloseTo(kept.size() * 4.0, within(0.2));
        assertThat(registry.get("openlva.recorder.bytes.written").counter().count()).isGreaterThan(2.0 * inputBytes);

        // nothing escaped the base directories, and the sinks said nothing was recorded
        try (Stream<Path> s = Files.walk(base.getParent())) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("escaped"))).isEmpty();
        }
        assertThat(list(base.resolve("escape"))).isEmpty();
        List<GraphEvent> events = streams.recordingEvents(instance);
        assertThat(events).noneMatch(e -> e.subject().endsWith("/escape") || e.subject().endsWith("/escapeAsset"));
        assertThat(events.stream().filter(e -> e.subject().endsWith("/sinks/all"))
                .filter(e -> e.eventType().equals(EventTypes.RECORDING_STOPPED))).hasSize(6);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
    }
}
