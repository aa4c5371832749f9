import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacpp.Loader;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.NodeKind;
import io.openlva.sampler.decode.VideoDecoder;
import io.openlva.sampler.flow.FlowOutput;
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.image.ImageRequest;
import io.openlva.sampler.image.ScaleGeometry;
import io.openlva.sampler.stream.StreamMetrics;
import io.openlva.sampler.stream.StreamWorker;

/**
 * Sampler CPU figures on vtest 1080p25 (30 s, GOP 50), single-threaded decode everywhere:
 * 1. decode CPU per frame, our decoder (FFmpeg 7.1 via JavaCPP, process CPU of this JVM) against the
 *    ffmpeg CLI {@code -threads 1 -i clip -f null -} (JavaCPP's ffmpeg 7.1 binary and Debian's), run by
 *    /usr/bin/time in the same run;
 * 2. the sampler's stream worker at 1 sample/s (JPEG 416 px) against decoding every frame, from a cold start
 *    (a new stream) and in steady state;
 * 3. keyframe-only: the worker at one sample every 2 s (the GOP) against decoding every frame, from a cold
 *    start, and the floor (the keyframes decoded alone).
 * Packets are read from the MP4 into memory first (ingest would have done that), not timed.
 */
public class SamplerBench {

    static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        Path clip = SampleClips.vtest1080p();
        StreamKey key = new StreamKey("bench", "rtspSource");
        List<MediaPacket> packets = read(clip, key);
        int frames = packets.size();
        System.out.printf("clip %s: %d packets%n", clip.getFileName(), frames);

        if (args.length > 0 && args[0].equals("images")) {
            images(packets);
            images(packets);
            return;
        }
        // warm-up: JIT and native libraries, not measured
        decodeAll(packets);
        worker(packets, 1.0);
        worker(packets, 0.5);

        double ours = best(() -> decodeAll(packets));
        String javacppFfmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        double cliJavacpp = bestCli(javacppFfmpeg, clip);
        double cliDebian = bestCli("ffmpeg", clip);
        System.out.println();
        System.out.println("== decode CPU per frame (1 decoder thread) ==");
        System.out.printf("sampler decoder (FFmpeg 7.1.1, JVM process CPU): %.3f ms/frame%n", ours * 1000 / frames);
        System.out.printf("ffmpeg CLI 7.1.1 (JavaCPP binary) -f null      : %.3f ms/frame%n", cliJavacpp * 1000 / frames);
        System.out.printf("ffmpeg CLI Debian (%s) -f null   : %.3f ms/frame%n", debianVersion(), cliDebian * 1000 / frames);
        System.out.printf("ratio sampler / ffmpeg 7.1.1 CLI: %.2fx   (target <= 1.10x)%n", ours / cliJavacpp);
        System.out.printf("ratio sampler / Debian ffmpeg CLI: %.2fx%n", ours / cliDebian);

        long keyframes = packets.stream().filter(MediaPacket::keyframe).count();
        long keyBytes = packets.stream().filter(MediaPacket::keyframe).mapToLong(p -> p.data().length).sum();
        long allBytes = packets.stream().mapToLong(p -> p.data().length).sum();
        double full = best(() -> worker(packets, 25.0));
        double sparse = best(() -> worker(packets, 1.0));
        double steady = bestSteady(packets, 1.0);
        double keyOnly = best(() -> worker(packets, 0.5));
        double keyDecode = best(() -> decodeKeyframes(packets));
        System.out.println();
        System.out.println("== sparse sampling, stream worker from a cold start, incl. JPEG 416px images ==");
        System.out.printf("every frame sampled (25/s): %.3f ms/frame%n", full * 1000 / frames);
        System.out.printf("1 sample/s               : %.3f ms/frame%n", sparse * 1000 / frames);
        System.out.printf("decode only, every frame : %.3f ms/frame%n", ours * 1000 / frames);
        System.out.printf("ratio 1 sample/s / full decode: %.2fx   (target <= 0.60x)%n", sparse / ours);
        System.out.printf("ratio 1 sample/s / every frame sampled: %.2fx%n", sparse / full);
        System.out.printf("1 sample/s, steady state (the clip again, continuing the same stream): %.3f ms/frame, "
                + "ratio to full decode %.2fx%n", steady * 1000 / frames, steady / ours);
        System.out.println();
        System.out.println("== keyframe-only: one sample every 2 s on the 2 s GOP, stream worker from a cold start ==");
        System.out.printf("keyframes: %d of %d packets, %.0f%% of the bytes%n", keyframes, frames, 100.0 * keyBytes / allBytes);
        System.out.printf("0.5 sample/s             : %.3f ms/frame%n", keyOnly * 1000 / frames);
        System.out.printf("ratio 0.5 sample/s / full decode: %.3fx   (target <= 0.10x)%n", keyOnly / ours);
        System.out.printf("floor: decoding the keyframes alone (no images) / full decode: %.3fx%n", keyDecode / ours);

        System.out.println();
        System.out.println("== one 1080p frame to a 416x234 image (wall ms per image, this thread) ==");
        images(packets);
    }

    static void images(List<MediaPacket> packets) throws Exception {
        MediaPacket key = packets.get(0);
        try (VideoDecoder d = new VideoDecoder(key.codec(), key.codecConfig(), 1)) {
            d.decode(key.data(), key.data().length, key.mediaTimeUs(), true, (f, t) -> {
                for (var algorithm : io.openlva.sampler.image.ScaleAlgorithm.values()) {
                    try (var prep = new io.openlva.sampler.image.ImagePreparer(algorithm)) {
                        for (var enc : ImageRequest.Encoding.values()) {
                            var req = new ImageRequest(ScaleGeometry.Mode.PRESERVE_ASPECT_RATIO, 416, 416, enc, 90,
                                    enc == ImageRequest.Encoding.RAW ? io.openlva.sampler.image.RawPixelFormat.BGR24 : null);
                            System.out.printf("%-13s FFmpeg %-4s: %.2f ms%n", algorithm, enc, time(() -> prep.prepare(f, req)));
                        }
                        var raw = new ImageRequest(ScaleGeometry.Mode.PRESERVE_ASPECT_RATIO, 416, 416,
                                ImageRequest.Encoding.RAW, 0, io.openlva.sampler.image.RawPixelFormat.BGR24);
                        System.out.printf("%-13s swscale bgr24 + javax.imageio JPEG q90: %.2f ms%n", algorithm,
                                time(() -> imageIoJpeg(prep.prepare(f, raw))));
                        if (algorithm == io.openlva.sampler.image.ScaleAlgorithm.FAST_BILINEAR) {
                            System.out.printf("grey 160 px for motion (area): %.2f ms%n", time(() -> prep.grey(f)));
                        }
                    }
                }
            });
        }
    }

    static double time(Runnable r) {
        for (int i = 0; i < 10; i++) {
            r.run();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            r.run();
        }
        return (System.nanoTime() - t0) / 1e6 / 50;
    }

    static byte[] imageIoJpeg(io.openlva.sampler.image.PreparedImage img) {
        try {
            var bi = new java.awt.image.BufferedImage(img.width(), img.height(), java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
            byte[] dst = ((java.awt.image.DataBufferByte) bi.getRaster().getDataBuffer()).getData();
            byte[] src = img.data();
            for (int i = 0; i < src.length; i += 3) { // bgr24 bytes -> the raster's B,G,R order
                dst[i] = src[i];
                dst[i + 1] = src[i + 1];
                dst[i + 2] = src[i + 2];
            }
            var writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
            var param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            var bytes = new java.io.ByteArrayOutputStream();
            try (var out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new javax.imageio.IIOImage(bi, null, null), param);
            }
            writer.dispose();
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    interface Run {
        void run() throws Exception;
    }

    /** Least process CPU seconds of a few rounds (the machine is shared: the least disturbed run). */
    static double best(Run r) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < ROUNDS; i++) {
            long before = cpu();
            r.run();
            best = Math.min(best, (cpu() - before) / 1e9);
        }
        return best;
    }

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double bestCli(String ffmpeg, Path clip) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < ROUNDS; i++) {
            Process p = new ProcessBuilder("/usr/bin/time", "-f", "%U %S", ffmpeg, "-nostdin", "-hide_banner",
                    "-loglevel", "error", "-threads", "1", "-i", clip.toString(), "-f", "null", "-")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(ffmpeg + " failed: " + out);
            }
            String[] lines = out.split("\n");
            String[] t = lines[lines.length - 1].trim().split(" ");
            best = Math.min(best, Double.parseDouble(t[0]) + Double.parseDouble(t[1]));
        }
        return best;
    }

    static String debianVersion() throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-version").start();
        String first = new String(p.getInputStream().readAllBytes()).split("\n")[0];
        p.waitFor();
        return first.split(" ")[2];
    }

    static void decodeAll(List<MediaPacket> packets) throws Exception {
        int[] n = new int[1];
        try (VideoDecoder d = new VideoDecoder(packets.get(0).codec(), packets.get(0).codecConfig(), 1)) {
            for (MediaPacket p : packets) {
                d.decode(p.data(), p.data().length, p.mediaTimeUs(), p.keyframe(), (f, t) -> n[0]++);
            }
            d.drain((f, t) -> n[0]++);
        }
        if (n[0] != packets.size()) {
            throw new IllegalStateException("decoded " + n[0] + " of " + packets.size());
        }
    }

    /** Each keyframe decoded, nothing else: what keyframe-only sampling cannot go below. */
    static void decodeKeyframes(List<MediaPacket> packets) throws Exception {
        int[] n = new int[1];
        try (VideoDecoder d = new VideoDecoder(packets.get(0).codec(), packets.get(0).codecConfig(), 1)) {
            for (MediaPacket p : packets) {
                if (p.keyframe()) {
                    d.decode(p.data(), p.data().length, p.mediaTimeUs(), true, (f, t) -> n[0]++);
                }
            }
            d.drain((f, t) -> n[0]++);
        }
    }

    /**
     * CPU of a stream that already runs: the worker has seen the clip once (it knows the GOP), then gets
     * the clip again with timestamps continuing; only the second pass is measured.
     */
    static double bestSteady(List<MediaPacket> packets, double rate) throws Exception {
        long shift = packets.get(packets.size() - 1).mediaTimeUs() + 40_000;
        List<MediaPacket> second = new ArrayList<>();
        for (MediaPacket p : packets) {
            second.add(new MediaPacket(p.key(), p.sessionId(), p.sequence() + packets.size(), p.codec(),
                    p.mediaTimeUs() + shift, false, p.captureTimeMs(), p.keyframe(), p.codecConfig(), p.width(),
                    p.height(), p.data()));
        }
        StreamKey key = packets.get(0).key();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < ROUNDS; i++) {
            try (StreamWorker w = new StreamWorker(key, plan(key, rate), 1, GraphEvent.DEFAULT_TOPIC, sink(new int[1]),
                    new StreamMetrics(new SimpleMeterRegistry(), key))) {
                packets.forEach(w::onPacket);
                long before = cpu();
                second.forEach(w::onPacket);
                best = Math.min(best, (cpu() - before) / 1e9);
            }
        }
        return best;
    }

    static StreamPlan plan(StreamKey key, double rate) {
        return new StreamPlan(key, List.of(new StreamPlan.ExtensionStep("ext", NodeKind.HTTP_EXTENSION, List.of(key.node()),
                new ImageRequest(ScaleGeometry.Mode.PRESERVE_ASPECT_RATIO, 416, 416, ImageRequest.Encoding.JPEG, 90, null),
                rate, false)));
    }

    static FlowOutput sink(int[] frames) {
        return new FlowOutput() {
            public void frame(MediaFrame f, boolean spread) {
                frames[0]++;
            }

            public void event(GraphEvent e) {
            }
        };
    }

    static void worker(List<MediaPacket> packets, double rate) {
        StreamKey key = packets.get(0).key();
        StreamPlan plan = new StreamPlan(key, List.of(new StreamPlan.ExtensionStep("ext", NodeKind.HTTP_EXTENSION, List.of(key.node()),
                new ImageRequest(ScaleGeometry.Mode.PRESERVE_ASPECT_RATIO, 416, 416, ImageRequest.Encoding.JPEG, 90, null),
                rate, false)));
        int[] frames = new int[1];
        FlowOutput out = new FlowOutput() {
            public void frame(MediaFrame f, boolean spread) {
                frames[0]++;
            }

            public void event(GraphEvent e) {
            }
        };
        try (StreamWorker w = new StreamWorker(key, plan, 1, GraphEvent.DEFAULT_TOPIC, out,
                new StreamMetrics(new SimpleMeterRegistry(), key))) {
            packets.forEach(w::onPacket);
        }
        long durationUs = packets.get(packets.size() - 1).mediaTimeUs() - packets.get(0).mediaTimeUs();
        long expected = Math.min(packets.size(), (long) Math.floor(durationUs * rate / 1e6 + 1e-6) + 1);
        if (Math.abs(frames[0] - expected) > 1) {
            throw new IllegalStateException("sampled " + frames[0] + ", expected " + expected);
        }
    }

    static List<MediaPacket> read(Path clip, StreamKey key) {
        AVFormatContext fmt = new AVFormatContext(null);
        if (avformat_open_input(fmt, clip.toString(), null, null) < 0) {
            throw new IllegalStateException("cannot open " + clip);
        }
        avformat_find_stream_info(fmt, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        int index = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
        AVStream stream = fmt.streams(index);
        AVCodecParameters par = stream.codecpar();
        byte[] extradata = new byte[par.extradata_size()];
        par.extradata().get(extradata);
        List<MediaPacket> out = new ArrayList<>();
        AVPacket pkt = av_packet_alloc();
        long seq = 0;
        while (av_read_frame(fmt, pkt) >= 0) {
            if (pkt.stream_index() == index) {
                byte[] data = new byte[pkt.size()];
                pkt.data().get(data);
                long t = av_rescale_q(pkt.pts(), stream.time_base(), av_make_q(1, 1_000_000));
                boolean k = (pkt.flags() & AV_PKT_FLAG_KEY) != 0;
                out.add(new MediaPacket(key, "bench", seq++, MediaPacket.Codec.H264, t, false, t / 1000, k,
                        k ? extradata : null, k ? par.width() : 0, k ? par.height() : 0, data));
            }
            av_packet_unref(pkt);
        }
        av_packet_free(pkt);
        avformat_close_input(fmt);
        return out;
    }
}
