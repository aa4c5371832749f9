package io.openlva.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.devkit.Cache;
import io.openlva.devkit.clips.SampleClips;
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

    private static LocalPipeline shared;

    private SystemPipeline() {
    }

    static synchronized LocalPipeline shared() throws IOException {
        if (shared == null) {
            if (!Files.isRegularFile(MODEL)) {
                throw new IllegalStateException(MODEL + " is missing: scripts/fetch-model.sh fetches it (./test.sh runs it)");
            }
            Files.createDirectories(WORK);
            PrintStream eventLines = new PrintStream(Files.newOutputStream(WORK.resolve("events.txt")), true, StandardCharsets.UTF_8);
            shared = LocalPipeline.start(new LocalPipeline.Settings(ROOT, WORK, false, SampleClips.vtest(), null, MODEL,
                    RECORDINGS, null, JVM_OPTIONS, eventLines, msg -> System.out.println("system: " + msg)));
            LocalPipeline started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-pipeline-stop"));
        }
        return shared;
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
