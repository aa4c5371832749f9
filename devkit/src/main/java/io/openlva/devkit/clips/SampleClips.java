package io.openlva.devkit.clips;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.openlva.devkit.Cache;

/**
 * H.264 clips made once from a real video, Debian opencv-doc's {@code vtest.avi} (pedestrians, 768x576,
 * 10 fps, 79.5 s), with Debian's ffmpeg, and cached outside git in {@code ~/.cache/openlva/clips}
 * (or {@code $OPENLVA_CACHE/clips}). No B-frames, fixed GOP: the way IP cameras encode.
 */
public final class SampleClips {

    /** Where Debian's opencv-doc puts the source video. */
    public static final Path VTEST_AVI = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

    private SampleClips() {
    }

    /** vtest at its own size and rate: 768x576, 10 fps, keyframe every 2 s (20 frames), 79.5 s. */
    public static Path vtest() {
        return make("vtest-576p10-h264.mp4", List.of("-i", VTEST_AVI.toString(),
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-bf", "0", "-g", "20", "-keyint_min", "20", "-sc_threshold", "0", "-an"));
    }

    /** vtest scaled to 1080p at 25 fps, keyframe every 2 s (50 frames), first 30 s: for benchmarks. */
    public static Path vtest1080p() {
        return make("vtest-1080p25-h264.mp4", List.of("-i", VTEST_AVI.toString(), "-t", "30",
                "-vf", "scale=1920:1080,fps=25",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
                "-bf", "0", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-an"));
    }

    /** The first frame of vtest held still for 10 s at 10 fps: a clip with no motion. */
    public static Path still() {
        return make("still-576p10-h264.mp4", List.of("-i", VTEST_AVI.toString(),
                "-vf", "select=eq(n\\,0),loop=loop=99:size=1:start=0,setpts=N/10/TB", "-r", "10", "-frames:v", "100",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-bf", "0", "-g", "20", "-keyint_min", "20", "-sc_threshold", "0", "-an"));
    }

    public static Path cacheDir() {
        return Cache.root().resolve("clips");
    }

    /** Makes (once) a clip with ffmpeg; concurrent callers in other JVMs are safe (atomic rename). */
    public static synchronized Path make(String fileName, List<String> ffmpegInputAndCodecArgs) {
        Path target = cacheDir().resolve(fileName);
        if (Files.isRegularFile(target)) {
            return target;
        }
        if (!Files.isReadable(VTEST_AVI)) {
            throw new IllegalStateException(VTEST_AVI + " is missing: install Debian's opencv-doc (scripts/setup.sh does)");
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), fileName, ".part.mp4");
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
            cmd.addAll(ffmpegInputAndCodecArgs);
            cmd.add(tmp.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                Files.deleteIfExists(tmp);
                throw new IllegalStateException("ffmpeg failed making " + fileName + ": " + out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + fileName + " (is Debian's ffmpeg installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Makes the standard clips; {@code scripts/setup.sh} calls this so the first test run does not. */
    public static void main(String[] args) {
        System.out.println(vtest());
        System.out.println(still());
        if (args.length > 0 && args[0].equals("--all")) {
            System.out.println(vtest1080p());
        }
    }
}
