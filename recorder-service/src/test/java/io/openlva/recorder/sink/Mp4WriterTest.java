package io.openlva.recorder.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.recorder.testing.Probe;

class Mp4WriterTest {

    @TempDir
    Path dir;

    private static final List<MediaPacket> PACKETS = ClipPackets.read(SampleClips.vtest(), new StreamKey("i", "cam"), 0);

    @Test
    void remuxesAGopRangeWithItsDuration() throws Exception {
        // 10 s from the keyframe at 20 s: 100 frames at 10 fps, 5 GOPs
        Path file = dir.resolve("clip.mp4");
        List<MediaPacket> range = PACKETS.stream()
                .filter(p -> p.mediaTimeUs() >= 20_000_000 && p.mediaTimeUs() < 30_000_000).toList();
        assertThat(range.get(0).keyframe()).isTrue();
        try (Mp4Writer w = new Mp4Writer(file, range.get(0))) {
            for (MediaPacket p : range) {
                w.write(p);
            }
            assertThat(w.fragments()).isEqualTo(4);
        }
        Probe.Result r = Probe.probe(file);
        assertThat(r.codec()).isEqualTo("h264");
        assertThat(r.width()).isEqualTo(768);
        assertThat(r.frames()).isEqualTo(100);
        assertThat(r.keyframes()).isEqualTo(5);
        assertThat(r.durationS()).isCloseTo(10.0, within(0.15));
        assertThat(r.decodeErrors()).isFalse();
    }

    @Test
    void aFileCutShortPlaysUpToTheLastCompleteFragment() throws Exception {
        Path file = dir.resolve("crash.mp4");
        List<MediaPacket> range = PACKETS.stream().filter(p -> p.mediaTimeUs() < 10_000_000).toList();
        Mp4Writer w = new Mp4Writer(file, range.get(0));
        for (MediaPacket p : range) {
            w.write(p);
        }
        // no close(): the process "dies" here. Copy what is on disk, as a crash would leave it.
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, Files.readAllBytes(file), StandardOpenOption.CREATE_NEW);
        w.close();
        Probe.Result r = Probe.probe(cut);
        // GOP 2 s: at least the first four GOPs are complete fragments
        assertThat(r.frames()).isGreaterThanOrEqualTo(80);
        assertThat(r.durationS()).isGreaterThanOrEqualTo(7.9);
        assertThat(r.decodeErrors()).isFalse();
    }

    @Test
    void annexBAsIngestPublishesItFromRtsp() throws Exception {
        // RTSP gives Annex-B access units with in-band SPS/PPS; ingest sends those parameter sets as codec config
        Path file = dir.resolve("annexb.mp4");
        List<MediaPacket> range = PACKETS.stream().filter(p -> p.mediaTimeUs() < 6_000_000).map(p -> new MediaPacket(
                p.key(), p.sessionId(), p.sequence(), p.codec(), p.mediaTimeUs(), false, p.captureTimeMs(), p.keyframe(),
                p.keyframe() ? annexBParameterSets(p.codecConfig()) : null, p.width(), p.height(),
                p.keyframe() ? concat(annexBParameterSets(p.codecConfig()), annexB(p.data())) : annexB(p.data())))
                .toList();
        assertThat(range.get(0).codecConfig()[0]).isZero();
        try (Mp4Writer w = new Mp4Writer(file, range.get(0))) {
            for (MediaPacket p : range) {
                w.write(p);
            }
        }
        Probe.Result r = Probe.probe(file);
        assertThat(r.frames()).isEqualTo(60);
        assertThat(r.durationS()).isCloseTo(6.0, within(0.15));
        assertThat(r.decodeErrors()).isFalse();
    }

    /** avcC → 00 00 00 01 SPS 00 00 00 01 PPS. */
    static byte[] annexBParameterSets(byte[] avcc) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 5;
        int sps = avcc[i++] & 0x1f;
        for (int n = 0; n < sps; n++) {
            int len = ((avcc[i] & 0xff) << 8) | (avcc[i + 1] & 0xff);
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.write(avcc, i + 2, len);
            i += 2 + len;
        }
        int pps = avcc[i++] & 0xff;
        for (int n = 0; n < pps; n++) {
            int len = ((avcc[i] & 0xff) << 8) | (avcc[i + 1] & 0xff);
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.write(avcc, i + 2, len);
            i += 2 + len;
        }
        return out.toByteArray();
    }

    /** 4-byte length-prefixed NAL units → start codes. */
    static byte[] annexB(byte[] lengthPrefixed) {
        byte[] out = lengthPrefixed.clone();
        int i = 0;
        while (i + 4 <= out.length) {
            int len = ((out[i] & 0xff) << 24) | ((out[i + 1] & 0xff) << 16) | ((out[i + 2] & 0xff) << 8) | (out[i + 3] & 0xff);
            out[i] = 0;
            out[i + 1] = 0;
            out[i + 2] = 0;
            out[i + 3] = 1;
            i += 4 + len;
        }
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void refusesToStartAtAnInterFrame() {
        MediaPacket inter = PACKETS.get(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Mp4Writer(dir.resolve("x.mp4"), inter))
                .hasMessageContaining("keyframe");
    }
}
