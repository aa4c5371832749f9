package io.openlva.smoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.Headers;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Topics;
import io.openlva.launcher.GraphApi;

/**
 * The local run's sample graph (RTSP, motion, ONNX person/vehicle detection, signal gate, file sink) applied to a
 * deployment through hub-bridge's API, and what it must produce: Inference events read from this host, a clip.
 */
final class SampleGraph {

    static final String INSTANCE = "camera1";

    private SampleGraph() {
    }

    /** GraphTopologySet, GraphInstanceSet, GraphInstanceActivate with the deployment's camera, model and volume. */
    static void apply(URI api, String token, String rtspUrl, String modelPath, String recordingsDirectory) {
        GraphApi graph = new GraphApi(api, token);
        // hub-bridge answers before it has read the graph topics: retry the first call within a bound.
        JsonNode topology = resource("local-topology.json");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            GraphApi.Response r;
            try {
                r = graph.call("GraphTopologySet", topology);
            } catch (IllegalStateException e) {
                r = null;
            }
            if (r != null && r.ok()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GraphTopologySet did not succeed within 2 min: "
                        + (r == null ? "no answer" : r.status() + " " + r.payload()));
            }
            sleep(2000);
        }
        ObjectNode instance = (ObjectNode) resource("local-instance.json");
        var params = instance.with("properties").withArray("parameters");
        params.removeAll();
        params.addObject().put("name", "rtspUrl").put("value", rtspUrl);
        params.addObject().put("name", "modelPath").put("value", modelPath);
        params.addObject().put("name", "recordingsDirectory").put("value", recordingsDirectory);
        graph.require("GraphInstanceSet", instance);
        ObjectNode activate = Json.mapper().createObjectNode().put("@apiVersion", "2.0").put("name", INSTANCE);
        graph.require("GraphInstanceActivate", activate);
    }

    /**
     * Reads lva.events from {@code bootstrap} (an address of this host: outside the containers) until an Inference
     * event names a person; returns it, or fails after the bound.
     */
    static JsonNode awaitPersonInference(String bootstrap, Duration bound) {
        return awaitPersonInference(bootstrap, Map.of(), bound);
    }

    /** As {@link #awaitPersonInference(String, Duration)}, logging in with {@code login} (e.g. {@code KafkaClients.sasl}). */
    static JsonNode awaitPersonInference(String bootstrap, Map<String, Object> login, Duration bound) {
        Properties p = new Properties();
        p.putAll(login);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "openlva-smoke-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long deadline = System.nanoTime() + bound.toNanos();
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEFAULT.events()));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    String type = header(r, Headers.EVENT_TYPE).orElse("?");
                    if (seen.size() < 20) {
                        seen.add(type);
                    }
                    if (EventTypes.INFERENCE.equals(type)) {
                        JsonNode body = Json.read(new String(r.value(), StandardCharsets.UTF_8));
                        for (JsonNode inference : body.path("inferences")) {
                            if ("person".equals(inference.path("entity").path("tag").path("value").asText())) {
                                return body;
                            }
                        }
                    }
                }
            }
        }
        throw new AssertionError("no Inference event naming a person on " + Topics.DEFAULT.events() + " at " + bootstrap
                + " within " + bound.toSeconds() + " s; first event types seen: " + seen);
    }

    /** Waits for an MP4 below {@code directory} that ffprobe reads as H.264 video with a duration; returns it. */
    static Path awaitPlayableClip(Path directory, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        String last = "no .mp4 file";
        while (System.nanoTime() < deadline) {
            for (Path clip : mp4s(directory)) {
                Command.Result probe = Command.run(Duration.ofSeconds(30), List.of("ffprobe", "-v", "error",
                        "-select_streams", "v:0", "-show_entries", "stream=codec_name:format=duration", "-of", "default=nw=1",
                        clip.toString()));
                if (probe.ok() && probe.output().contains("codec_name=h264") && duration(probe.output()) > 0.5) {
                    return clip;
                }
                last = clip + ": " + probe.output().trim();
            }
            sleep(3000);
        }
        throw new AssertionError("no playable clip under " + directory + " within " + bound.toSeconds() + " s; last: " + last);
    }

    private static double duration(String ffprobe) {
        return ffprobe.lines().filter(l -> l.startsWith("duration=")).map(l -> l.substring(9))
                .filter(v -> v.matches("[0-9.]+")).mapToDouble(Double::parseDouble).findFirst().orElse(0);
    }

    private static List<Path> mp4s(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.toString().endsWith(".mp4") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // the recorder is writing: look again
        }
    }

    private static Optional<String> header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? Optional.empty() : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    private static JsonNode resource(String name) {
        try (InputStream in = GraphApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the launcher");
            }
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
