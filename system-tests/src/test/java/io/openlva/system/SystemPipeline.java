package io.openlva.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.devkit.Cache;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.devkit.iothub.MosquittoBroker;
import io.openlva.graph.contract.Json;
import io.openlva.launcher.LocalPipeline;

/**
 * One pipeline for the whole system-test run: Kafka, the simulated camera and the five services, each its
 * own process on free loopback ports, started once and stopped when the JVM ends.
 */
final class SystemPipeline {

    static final Path ROOT = Path.of(System.getProperty("openlva.project.root", "..")).toAbsolutePath().normalize();
    static final Path WORK = ROOT.resolve("system-tests/target/system");
    static final Path RECORDINGS = WORK.resolve("recordings");
    static final Path MODEL = Cache.defaultModel();
    static final String JVM_OPTIONS = "-Xms64m -Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    /** The device hub-bridge connects as; its key is a test value (the broker accepts any). */
    static final String DEVICE_ID = "openlva-system";
    static final String CONNECTION_STRING = "HostName=127.0.0.1;DeviceId=" + DEVICE_ID + ";SharedAccessKey="
            + Base64.getEncoder().encodeToString("openlva-system-tests-not-a-key!!".getBytes(StandardCharsets.UTF_8));

    private static LocalPipeline shared;
    private static MosquittoBroker iotHub;

    private SystemPipeline() {
    }

    static synchronized LocalPipeline shared() throws IOException {
        if (shared == null) {
            if (!Files.isRegularFile(MODEL)) {
                throw new IllegalStateException(MODEL + " is missing: scripts/fetch-model.sh fetches it (./test.sh runs it)");
            }
            // a run starts from nothing: a kept broker's graph (an instance left Active by an earlier run) would
            // refuse this run's GraphTopologySet
            deleteRecursively(WORK);
            Files.createDirectories(WORK);
            try {
                iotHub = MosquittoBroker.start(WORK.resolve("mosquitto"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            PrintStream eventLines = new PrintStream(Files.newOutputStream(WORK.resolve("events.txt")), true, StandardCharsets.UTF_8);
            shared = LocalPipeline.start(new LocalPipeline.Settings(ROOT, WORK, false, SampleClips.vtest(), null, MODEL,
                    RECORDINGS, CONNECTION_STRING, iotHub.caPem(), JVM_OPTIONS, eventLines, msg -> System.out.println("system: " + msg)));
            LocalPipeline started = shared;
            MosquittoBroker broker = iotHub;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                try {
                    broker.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "system-pipeline-stop"));
        }
        return shared;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The MQTT broker playing IoT Hub (started with the pipeline). */
    static MosquittoBroker iotHub() {
        return iotHub;
    }

    static JsonNode resource(String name) {
        try (InputStream in = SystemPipeline.class.getResourceAsStream("/graphs/" + name)) {
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An instance of a system-test topology on the pipeline's camera, model and recordings directory. */
    static ObjectNode instance(LocalPipeline sys, String name, String topologyName) {
        return (ObjectNode) Json.read("""
                {"@apiVersion":"2.0","name":"%s","properties":{"topologyName":"%s","parameters":[
                  {"name":"rtspUrl","value":"%s"},
                  {"name":"modelPath","value":"%s"},
                  {"name":"recordingsDirectory","value":"%s"}]}}
                """.formatted(name, topologyName, sys.rtspUrl(), MODEL, RECORDINGS));
    }

    static ObjectNode call(String apiVersion, String name) {
        ObjectNode o = Json.mapper().createObjectNode().put("@apiVersion", apiVersion);
        if (name != null) {
            o.put("name", name);
        }
        return o;
    }
}
