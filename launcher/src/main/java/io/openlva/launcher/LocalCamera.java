package io.openlva.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.openlva.devkit.clips.SampleClips;

/** The simulated camera of the local run: serves the sample clip, or the user's video made camera-like. */
final class LocalCamera {

    private LocalCamera() {
    }

    static Path defaultClip() {
        return SampleClips.vtest();
    }

    /**
     * The simulated camera serves H.264 without re-encoding; any other video is turned into H.264 once, the
     * way cameras encode (no B-frames, a keyframe every 2 s).
     */
    static Path prepare(Path video, Path workDir) {
        Path out = workDir.resolve("camera-clip.mp4");
        List<String> cmd = List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", video.toString(),
                "-map", "0:v:0", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-bf", "0",
                "-force_key_frames", "expr:gte(t,n_forced*2)", "-sc_threshold", "0", "-an", out.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("cannot turn " + video + " into H.264: " + log);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("ffmpeg is needed for --video (scripts/setup.sh installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
