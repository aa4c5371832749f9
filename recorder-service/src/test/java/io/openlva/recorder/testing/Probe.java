package io.openlva.recorder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.Json;

/** ffprobe on a recorded file: decodes every frame, so a file that does not play fails here. */
public final class Probe {

    public record Result(double durationS, int frames, int keyframes, double firstPtsS, String codec, int width,
            int height, boolean decodeErrors) {
    }

    private Probe() {
    }

    public static Result probe(Path file) {
        try {
            Process p = new ProcessBuilder(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                    "-show_entries", "stream=codec_name,width,height,nb_read_frames,duration,start_time:format=duration",
                    "-of", "json", file.toString())).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("ffprobe failed on " + file + ": " + err);
            }
            JsonNode root = Json.read(out);
            JsonNode s = root.path("streams").path(0);
            double duration = root.path("format").path("duration").asDouble(s.path("duration").asDouble(0));
            Process k = new ProcessBuilder(List.of("ffprobe", "-v", "error", "-skip_frame", "nokey", "-count_frames",
                    "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString()))
                    .redirectErrorStream(true).start();
            String keys = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            k.waitFor(60, TimeUnit.SECONDS);
            return new Result(duration, s.path("nb_read_frames").asInt(0), parseInt(keys), s.path("start_time").asDouble(0),
                    s.path("codec_name").asText(), s.path("width").asInt(), s.path("height").asInt(), !err.isBlank());
        } catch (IOException e) {
            throw new AssertionError("cannot run ffprobe: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.lines().findFirst().orElse("0").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
