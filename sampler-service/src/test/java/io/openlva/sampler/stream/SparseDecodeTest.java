package io.openlva.sampler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.NodeKind;
import io.openlva.sampler.decode.DecodeException;
import io.openlva.sampler.decode.VideoDecoder;
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.flow.StreamPlan.ExtensionStep;
import io.openlva.sampler.image.ImagePreparer;
import io.openlva.sampler.image.ImageRequest;
import io.openlva.sampler.image.RawPixelFormat;
import io.openlva.sampler.image.ScaleGeometry;
import io.openlva.sampler.sampling.SampleClock;
import io.openlva.sampler.support.CollectingOutput;

/**
 * Sparse decoding takes the frames the sampling rule selects, pixel for pixel: the stream worker (which
 * decodes keyframes only, or part of each GOP) against a reference that decodes every frame of the clip and
 * applies the rule to each, on real H.264 clips with a fixed and with an irregular keyframe interval.
 */
class SparseDecodeTest {

    private static final StreamKey STREAM = new StreamKey("inst", "rtspSource");
    private static final ImageRequest RAW_416 = new ImageRequest(ScaleGeometry.Mode.PRESERVE_ASPECT_RATIO, 416, 416,
            ImageRequest.Encoding.RAW, 0, RawPixelFormat.RGB24);

    private static List<MediaPacket> regular;
    private static List<MediaPacket> irregular;

    @BeforeAll
    static void read() {
        regular = ClipPackets.read(SampleClips.vtest(), STREAM, "s1"); // 10 fps, keyframe every 2 s
        irregular = ClipPackets.read(irregularGopClip(), STREAM, "s1");
    }

    /**
     * vtest with keyframes only where forced: every 2 s, then one 3 s late, uneven intervals (0.3 s to 5.5 s),
     * every 2 s again and one 0.5 s late; as a camera with a smart codec or a dropped keyframe.
     */
    private static Path irregularGopClip() {
        return SampleClips.make("vtest-576p10-irregular-gop-v2-h264.mp4", List.of("-i", SampleClips.VTEST_AVI.toString(),
                "-t", "40", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-bf", "0",
                "-g", "1000", "-keyint_min", "1000", "-sc_threshold", "0", "-forced-idr", "1",
                "-force_key_frames", "0,2,4,6,8,13,14.5,15,17,19,21,23,25.5,31,33,33.3,38", "-an"));
    }

    private static StreamPlan plan(double rate) {
        return new StreamPlan(STREAM, List.of(new ExtensionStep("ext", NodeKind.HTTP_EXTENSION, List.of("rtspSource"),
                RAW_416, rate, false)));
    }

    record Sample(long mediaTimeUs, byte[] pixels) {
    }

    /** Every frame decoded, the rule of each rate applied to each frame: what sparse decoding must give. */
    private static Map<Double, List<Sample>> reference(List<MediaPacket> packets, double... rates)
            throws DecodeException {
        Map<Double, List<Sample>> out = new HashMap<>();
        Map<Double, SampleClock> clocks = new HashMap<>();
        for (double rate : rates) {
            out.put(rate, new ArrayList<>());
            clocks.put(rate, new SampleClock(rate));
        }
        int first = 0;
        while (!packets.get(first).keyframe()) {
            first++;
        }
        MediaPacket key = packets.get(first);
        try (VideoDecoder decoder = new VideoDecoder(key.codec(), key.codecConfig(), 1);
                ImagePreparer images = new ImagePreparer()) {
            VideoDecoder.FrameSink sink = (frame, t) -> {
                byte[] pixels = null;
                for (double rate : rates) {
                    if (clocks.get(rate).accept(t)) {
                        pixels = pixels != null ? pixels : images.prepare(frame, RAW_416).data();
                        out.get(rate).add(new Sample(t, pixels));
                    }
                }
            };
            for (MediaPacket p : packets.subList(first, packets.size())) {
                decoder.decode(p.data(), p.data().length, p.mediaTimeUs(), p.keyframe(), sink);
            }
            decoder.drain(sink);
        }
        return out;
    }

    private record Result(List<Sample> samples, double decoded, double skipped) {
    }

    private static Result worker(List<MediaPacket> packets, double rate) {
        CollectingOutput out = new CollectingOutput();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        double decoded;
        double skipped;
        try (StreamWorker w = new StreamWorker(STREAM, plan(rate), 1, GraphEvent.DEFAULT_TOPIC, out,
                new StreamMetrics(registry, STREAM))) {
            packets.forEach(w::onPacket);
            decoded = registry.get(StreamMetrics.DECODED).counter().count();
            skipped = registry.get(StreamMetrics.SKIPPED).counter().count();
        }
        List<Sample> samples = new ArrayList<>();
        for (MediaFrame f : out.frames) {
            samples.add(new Sample(f.mediaTimeUs(), f.data()));
        }
        return new Result(samples, decoded, skipped);
    }

    private static void assertSame(List<Sample> actual, List<Sample> expected, String what) {
        assertThat(actual).as(what).extracting(Sample::mediaTimeUs)
                .containsExactlyElementsOf(expected.stream().map(Sample::mediaTimeUs).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).pixels()).as("%s: pixels of the sample at %d µs", what, expected.get(i).mediaTimeUs())
                    .isEqualTo(expected.get(i).pixels());
        }
    }

    @Test
    void oneSampleEveryGopDecodesKeyframesOnlyFromAColdStart() throws Exception {
        Result r = worker(regular, 0.5);
        List<Sample> expected = reference(regular, 0.5).get(0.5);
        assertSame(r.samples(), expected, "0.5/s on a 2 s GOP");
        long keyframes = regular.stream().filter(MediaPacket::keyframe).count();
        assertThat(expected).hasSize((int) keyframes);
        assertThat(r.decoded()).as("frames decoded").isEqualTo(keyframes);
        // all others, but those after the last keyframe: still held when the clip ends
        assertThat(r.skipped()).as("packets never decoded").isBetween(regular.size() - keyframes - 20.0,
                (double) regular.size() - keyframes);
    }

    @Test
    void sparseRatesTakeTheSelectedFramesAndDecodeOnlyUpToEachSample() throws Exception {
        double[] rates = { 1, 0.3, 0.25, 2.5 };
        Map<Double, List<Sample>> expected = reference(regular, rates);
        for (double rate : rates) {
            Result r = worker(regular, rate);
            assertSame(r.samples(), expected.get(rate), "rate " + rate);
            if (rate <= 1) {
                assertThat(r.decoded()).as("rate %s: frames decoded", rate).isLessThan(regular.size() * 0.6);
            }
        }
        // 1/s on GOP 20 at 10 fps: the keyframe, 9 references, the sample at 1 s; from the first GOP on
        assertThat(worker(regular, 1).decoded()).isLessThanOrEqualTo(11 * Math.ceil(regular.size() / 20.0));
    }

    @Test
    void aStreamJoinedMidGopStartsAtItsFirstKeyframe() throws Exception {
        List<MediaPacket> joined = regular.subList(7, regular.size());
        Map<Double, List<Sample>> expected = reference(joined, 0.5, 1);
        for (double rate : new double[] { 0.5, 1 }) {
            assertSame(worker(joined, rate).samples(), expected.get(rate), "joined mid-GOP, rate " + rate);
        }
    }

    @Test
    void irregularKeyframesNeverCostASample() throws Exception {
        assertThat(irregular.stream().filter(MediaPacket::keyframe).count()).isEqualTo(17);
        double[] rates = { 0.5, 1, 0.2, 3 };
        Map<Double, List<Sample>> expected = reference(irregular, rates);
        for (double rate : rates) {
            Result r = worker(irregular, rate);
            assertSame(r.samples(), expected.get(rate), "irregular GOP, rate " + rate);
            if (rate < 1) {
                assertThat(r.skipped()).as("rate %s: packets never decoded", rate).isPositive();
            }
        }
    }
}
