package io.openlva.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.devkit.Ports;
import io.openlva.devkit.camera.SimulatedCamera;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Topics;

/**
 * Everything of a one-machine run, started in order: Kafka, the simulated camera (unless a real camera is
 * given), the five services, the event log and a graph API client. Shared by {@code ./run-local.sh}, the
 * system tests and the end-to-end benchmark.
 */
public final class LocalPipeline implements AutoCloseable {

    /**
     * @param fixedPorts true: the README's ports (Kafka 9092, camera 8554, services 8080-8084); false: free ports
     * @param clip the simulated camera's clip, ignored when {@code rtspUrl} is set
     * @param rtspUrl a real camera, or null for the simulated one
     */
    public record Settings(Path projectRoot, Path workDir, boolean fixedPorts, Path clip, String rtspUrl, Path model,
            Path recordings, String iotHubConnectionString, Path iotHubTrustedCa, String jvmOptions,
            PrintStream eventOutput, Consumer<String> progress) {
    }

    public static final String CAMERA_MOUNT = "cam1";
    /** The built-in model's gRPC extension server in the local run (as the chart's and compose's). */
    public static final int GRPC_EXTENSION_PORT = 5001;

    private final Pipeline pipeline;
    private final SimulatedCamera camera;
    private final String rtspUrl;
    private final EventLog events;
    private final GraphApi api;
    private final int grpcExtensionPort;

    private LocalPipeline(Pipeline pipeline, SimulatedCamera camera, String rtspUrl, EventLog events, GraphApi api,
            int grpcExtensionPort) {
        this.grpcExtensionPort = grpcExtensionPort;
        this.pipeline = pipeline;
        this.camera = camera;
        this.rtspUrl = rtspUrl;
        this.events = events;
        this.api = api;
    }

    public static LocalPipeline start(Settings s) {
        try {
            Files.createDirectories(s.recordings());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pipeline pipeline = new Pipeline(s.projectRoot(), s.workDir(), s.progress());
        try {
            pipeline.startKafka(s.fixedPorts() ? 9092 : 0);
            SimulatedCamera camera = null;
            String url = s.rtspUrl();
            if (url == null) {
                camera = pipeline.own(SimulatedCamera.start(s.fixedPorts() ? 8554 : 0, Map.of(CAMERA_MOUNT, s.clip()),
                        pipeline.logDir()));
                url = camera.url(CAMERA_MOUNT);
                s.progress().accept("simulated camera at " + url + " (clip " + s.clip() + ")");
            }
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                ports.put(service, s.fixedPorts() ? service.localPort() : Ports.free());
            }
            Map<Service, Map<String, String>> env = LocalConfig.serviceEnvironment(s.model(), s.recordings(),
                    s.iotHubConnectionString(), s.iotHubTrustedCa());
            env.put(Service.HUB_BRIDGE, LocalConfig.withConsole(env.get(Service.HUB_BRIDGE), ports));
            // the built-in model's gRPC extension server on a known port (5001 as in the chart), for GrpcExtension graphs
            int grpcPort = s.fixedPorts() ? GRPC_EXTENSION_PORT : Ports.free();
            Map<String, String> inference = new java.util.HashMap<>(env.get(Service.INFERENCE));
            inference.put("OPENLVA_INFERENCE_GRPC_SERVER_PORT", Integer.toString(grpcPort));
            env.put(Service.INFERENCE, inference);
            pipeline.startServices(ports, env, Topics.DEFAULT, s.jvmOptions());
            EventLog events = pipeline.own(new EventLog(pipeline.kafka().bootstrapServers(), Topics.DEFAULT,
                    s.workDir().resolve("events.jsonl"), s.eventOutput()).start());
            GraphApi api = new GraphApi(pipeline.service(Service.HUB_BRIDGE).url("/"), null);
            return new LocalPipeline(pipeline, camera, url, events, api, grpcPort);
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** The simulated camera, or null when a real one is pulled. */
    public SimulatedCamera camera() {
        return camera;
    }

    public String rtspUrl() {
        return rtspUrl;
    }

    public EventLog events() {
        return events;
    }

    public GraphApi api() {
        return api;
    }

    /**
     * Sets the local run's sample graph (RTSP, motion, ONNX detection, gate, file sink) as instance {@code name} on
     * this pipeline's camera and activates it; for benchmarks that measure the default graph.
     */
    public void activateSampleGraph(String name, Path model, Path recordings) {
        JsonNode topology;
        try (InputStream in = LocalPipeline.class.getResourceAsStream("local-topology.json")) {
            topology = Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        api.require("GraphTopologySet", topology);
        api.require("GraphInstanceSet", Json.read("""
                {"@apiVersion":"2.0","name":"%s","properties":{"topologyName":"%s","parameters":[
                  {"name":"rtspUrl","value":"%s"},{"name":"modelPath","value":"%s"},{"name":"recordingsDirectory","value":"%s"}]}}
                """.formatted(name, topology.path("name").asText(), rtspUrl, model, recordings)));
        api.require("GraphInstanceActivate", Json.read(
                "{\"@apiVersion\":\"2.0\",\"name\":\"" + name + "\"}"));
    }

    /** The endpoint URL a GrpcExtension node uses for inference-service's built-in model ({@code tcp://host:port}). */
    public String grpcExtensionUrl() {
        return "tcp://127.0.0.1:" + grpcExtensionPort;
    }

    /** The web console served by hub-bridge. */
    public String consoleUrl() {
        return pipeline.service(Service.HUB_BRIDGE).url("/console/").toString();
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
