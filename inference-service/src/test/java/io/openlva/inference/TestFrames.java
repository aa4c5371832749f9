package io.openlva.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.openlva.devkit.clips.SampleClips;

/**
 * Real frames of the pedestrian sample clip, extracted once per build with Debian's ffmpeg into target/: JPEGs at
 * the source size (768x576) and the same pictures as the sampler would send them for a 640x640 pad node
 * (scaled to 640x480, centered, black bars, raw rgb24).
 */
public final class TestFrames {

    public static final int SOURCE_WIDTH = 768;
    public static final int SOURCE_HEIGHT = 576;
    /** Seconds into vtest where pedestrians are in view. */
    public static final double[] TIMES = {5, 20, 40};

    private TestFrames() {
    }

    public static synchronized List<Path> jpegs() {
        List<Path> out = new ArrayList<>();
        for (double t : TIMES) {
            out.add(extract("vtest-" + (int) t + ".jpg", t, List.of("-q:v", "3")));
        }
        return out;
    }

    /** 640x640 rgb24, letterboxed like the sampler's pad mode. */
    public static synchronized List<Path> paddedRgb24() {
        List<Path> out = new ArrayList<>();
        for (double t : TIMES) {
            out.add(extract("vtest-" + (int) t + "-pad640.rgb", t, List.of("-vf", "scale=640:480,pad=640:640:0:80:black",
                    "-pix_fmt", "rgb24", "-f", "rawvideo")));
        }
        return out;
    }

    /**
     * Consecutive frames {@code first} to {@code first + count - 1} of the clip (10 fps, frame n at n/10 s) as JPEGs
     * at the source size, in order.
     */
    public static synchronized List<Path> run(int first, int count) {
        Path dir = Path.of("target", "test-frames", "run-" + first + "-" + count).toAbsolutePath();
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(dir.resolve(String.format("frame-%04d.jpg", first + i)));
        }
        if (out.stream().allMatch(Files::isRegularFile)) {
            return out;
        }
        try {
            Path tmp = Path.of(dir + ".part");
            Files.createDirectories(tmp);
            List<String> cmd = List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-i", SampleClips.vtest().toString(), "-vf", "select=between(n\\," + first + "\\," + (first + count - 1) + ")",
                    "-vsync", "0", "-q:v", "3", "-start_number", Integer.toString(first), "-f", "image2",
                    tmp.resolve("frame-%04d.jpg").toString());
            run(cmd, "frames " + first + "+" + count);
            if (Files.isDirectory(dir)) {
                try (var old = Files.list(dir)) {
                    for (Path f : old.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
            Files.move(tmp, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ffmpeg (is Debian's ffmpeg installed?)", e);
        }
        return out;
    }

    public static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path extract(String name, double seconds, List<String> outputArgs) {
        Path dir = Path.of("target", "test-frames").toAbsolutePath();
        Path target = dir.resolve(name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".part");
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-ss", Double.toString(seconds), "-i", SampleClips.vtest().toString(), "-frames:v", "1"));
            cmd.addAll(outputArgs);
            if (!outputArgs.contains("rawvideo")) {
                cmd.addAll(List.of("-f", "image2"));
            }
            cmd.add(tmp.toString());
            run(cmd, name);
            Files.move(tmp, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ffmpeg (is Debian's ffmpeg installed?)", e);
        }
    }

    private static void run(List<String> cmd, String what) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("ffmpeg could not extract " + what + ": " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
