package io.openlva.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.devkit.Cache;
import io.openlva.devkit.Ports;
import io.openlva.devkit.camera.SimulatedCamera;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Topics;
import io.openlva.launcher.EventLog;
import io.openlva.launcher.GraphApi;
import io.openlva.launcher.Pipeline;
import io.openlva.launcher.Service;

/**
 * One pipeline for the whole system-test run: Kafka, the simulated camera and the five services, each its
 * own process on free loopback ports, started once and stopped when the JVM ends.
 */
final class SystemPipeline {

    static final Path ROOT = Path.of(System.getProperty("openlva.project.root", "..")).toAbsolutePath().normalize();
    static final Path WORK = ROOT.resolve("system-tests/target/system");
    static final Path RECORDINGS = WORK.resolve("recordings");
    static final Path MODEL = Cache.defaultModel();

    private static SystemPipeline shared;

    final Pipeline pipeline;
    final SimulatedCamera camera;
    final EventLog events;
    final GraphApi api;
    final Map<Service, Integer> ports = new EnumMap<>(Service.class);

    private SystemPipeline() throws IOException {
        if (!Files.isRegularFile(MODEL)) {
            throw new IllegalStateException(MODEL + " is missing: scripts/fetch-model.sh fetches it (./test.sh runs it)");
        }
        Files.createDirectories(RECORDINGS);
        PrintStream log = new PrintStream(Files.newOutputStream(WORK.resolve("pipeline.log")), true, StandardCharsets.UTF_8);
        pipeline = new Pipeline(ROOT, WORK, msg -> System.out.println("system: " + msg));
        try {
            pipeline.startKafka(0);
            camera = pipeline.own(SimulatedCamera.start(0, Map.of("cam1", SampleClips.vtest())));
            for (Service s : Service.values()) {
                ports.put(s, Ports.free());
            }
            pipeline.startServices(ports, environment(), Topics.DEFAULT, "-Xms64m -Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
            events = pipeline.own(new EventLog(pipeline.kafka().bootstrapServers(), Topics.DEFAULT,
                    WORK.resolve("events.jsonl"), log).start());
            api = new GraphApi(pipeline.service(Service.HUB_BRIDGE).url("/"), null);
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "system-pipeline-stop"));
    }

    static synchronized SystemPipeline shared() throws IOException {
        if (shared == null) {
            shared = new SystemPipeline();
        }
        return shared;
    }

    Map<Service, Map<String, String>> environment() {
        Map<Service, Map<String, String>> env = new EnumMap<>(Service.class);
        env.put(Service.INFERENCE, Map.of("OPENLVA_INFERENCE_DEFAULT_MODEL_PATH", MODEL.toString()));
        env.put(Service.RECORDER, Map.of("OPENLVA_RECORDER_ROOT_DIRECTORY", RECORDINGS.toString()));
        return env;
    }

    static JsonNode resource(String name) {
        try (InputStream in = SystemPipeline.class.getResourceAsStream("/graphs/" + name)) {
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode call(String apiVersion, String name) {
        ObjectNode o = Json.mapper().createObjectNode().put("@apiVersion", apiVersion);
        if (name != null) {
            o.put("name", name);
        }
        return o;
    }
}
