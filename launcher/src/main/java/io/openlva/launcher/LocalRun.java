package io.openlva.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;
import io.openlva.graph.model.ApiVersions;

/**
 * {@code ./run-local.sh}: the whole pipeline on this machine on its embedded defaults, a sample graph
 * applied through the graph API, live events printed until Ctrl-C or {@code --duration}.
 */
public final class LocalRun {

    private final LocalRunOptions options;
    private final PrintStream out = System.out;

    private LocalRun(LocalRunOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LocalRunOptions options;
        try {
            options = LocalRunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("run-local: " + e.getMessage());
            System.err.println(LocalRunOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LocalRunOptions.USAGE);
            return;
        }
        System.exit(new LocalRun(options).run());
    }

    private int run() throws Exception {
        Path work = options.projectRoot().resolve("target/local");
        // Each run starts from an empty broker: graph state from an earlier run would re-activate old instances.
        deleteTree(work.resolve("kafka"));
        Files.createDirectories(work.resolve("recordings"));
        Path events = work.resolve("events.jsonl");
        Path recordings = work.resolve("recordings").toAbsolutePath();

        LocalPipeline[] running = new LocalPipeline[1];
        CountDownLatch done = new CountDownLatch(1);
        String[] activeInstance = new String[1];
        Thread shutdown = new Thread(() -> {
            out.println();
            out.println("run-local: stopping");
            LocalPipeline p = running[0];
            if (p != null) {
                if (activeInstance[0] != null) {
                    // deactivating first lets the recorder close open clips cleanly
                    tryCall(p.api(), "GraphInstanceDeactivate", activeInstance[0]);
                }
                p.events().close();
                out.println("run-local: summary: " + p.events().summary());
                p.close();
            }
            out.println("run-local: events: " + events.toAbsolutePath());
            out.println("run-local: clips:  " + recordings);
            out.println("run-local: logs:   " + work.resolve("logs").toAbsolutePath());
            done.countDown();
        }, "run-local-stop");
        Runtime.getRuntime().addShutdownHook(shutdown);

        try {
            Path clip = options.rtspUrl() != null ? null
                    : options.video() != null ? LocalCamera.prepare(options.video(), work) : LocalCamera.defaultClip();
            running[0] = LocalPipeline.start(new LocalPipeline.Settings(options.projectRoot(), work, true, clip,
                    options.rtspUrl(), options.model(), recordings, System.getenv("IOTHUB_CONNECTION_STRING"), null,
                    "-Xms64m -Xmx1g -XX:+UseSerialGC", out, msg -> out.println("run-local: " + msg)));
            GraphApi api = running[0].api();
            JsonNode topology = options.topology() != null ? read(options.topology()) : resource("local-topology.json");
            JsonNode instance = options.instance() != null ? read(options.instance()) : resource("local-instance.json");
            fillParameters(topology, (ObjectNode) instance, Map.of(
                    "rtspUrl", running[0].rtspUrl(),
                    "modelPath", options.model().toString(),
                    "recordingsDirectory", recordings.toString()));
            api.require("GraphTopologySet", topology);
            api.require("GraphInstanceSet", instance);
            activeInstance[0] = instance.path("name").asText();
            api.require("GraphInstanceActivate", nameCall(instance, activeInstance[0]));
            out.println("run-local: graph " + topology.path("name").asText() + " / instance " + activeInstance[0]
                    + " active; events follow"
                    + (options.duration() != null ? " for " + options.duration().toSeconds() + " s" : " (Ctrl-C stops)"));
            out.println("run-local: events: " + events.toAbsolutePath() + "   clips: " + recordings);
            out.println("run-local: console: " + running[0].consoleUrl() + " (pipelines, live preview, events, clips, health)");
        } catch (RuntimeException e) {
            out.println("run-local: FAILED: " + e.getMessage());
            Runtime.getRuntime().removeShutdownHook(shutdown);
            shutdown.run();
            return 1;
        }

        long summaryEvery = TimeUnit.SECONDS.toNanos(15);
        long nextSummary = System.nanoTime() + summaryEvery;
        long end = options.duration() == null ? Long.MAX_VALUE : System.nanoTime() + options.duration().toNanos();
        while (System.nanoTime() < end) {
            if (done.await(1, TimeUnit.SECONDS)) {
                return 0;
            }
            if (System.nanoTime() > nextSummary) {
                out.println("run-local: so far: " + running[0].events().summary());
                nextSummary += summaryEvery;
            }
        }
        Runtime.getRuntime().removeShutdownHook(shutdown);
        shutdown.run();
        return 0;
    }

    /** Sets the values the local run provides for parameters the topology declares (and the instance lacks). */
    static void fillParameters(JsonNode topology, ObjectNode instance, Map<String, String> provided) {
        ObjectNode props = instance.with("properties");
        ArrayNode params = props.withArray("parameters");
        Map<String, Boolean> declared = new HashMap<>();
        for (JsonNode p : topology.path("properties").path("parameters")) {
            declared.put(p.path("name").asText(), true);
        }
        provided.forEach((name, value) -> {
            if (!declared.containsKey(name)) {
                return;
            }
            for (JsonNode p : params) {
                if (name.equals(p.path("name").asText())) {
                    if (name.equals("rtspUrl")) {
                        ((ObjectNode) p).put("value", value); // the camera is always the one this run started
                    }
                    return;
                }
            }
            params.addObject().put("name", name).put("value", value);
        });
    }

    private static ObjectNode nameCall(JsonNode instance, String name) {
        ObjectNode call = Json.mapper().createObjectNode();
        call.put("@apiVersion", instance.path("@apiVersion").asText(ApiVersions.V2_0));
        call.put("name", name);
        return call;
    }

    private void tryCall(GraphApi api, String method, String name) {
        try {
            ObjectNode call = Json.mapper().createObjectNode().put("@apiVersion", ApiVersions.V2_0).put("name", name);
            api.call(method, call);
        } catch (RuntimeException e) {
            out.println("run-local: " + method + " failed: " + e.getMessage());
        }
    }

    private static JsonNode read(Path file) {
        try {
            return Json.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode resource(String name) {
        try (InputStream in = LocalRun.class.getResourceAsStream(name)) {
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
