package io.openlva.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.openlva.devkit.KafkaBroker;
import io.openlva.graph.contract.Topics;

/**
 * The whole pipeline on one machine: a real Kafka broker and the five services, each its own process on
 * 127.0.0.1, logs under {@code logDir}. Stops everything it started, in reverse order.
 */
public final class Pipeline implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Path projectRoot;
    private final Path workDir;
    private final Path logDir;
    private final Consumer<String> progress;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    private KafkaBroker kafka;

    public Pipeline(Path projectRoot, Path workDir, Consumer<String> progress) {
        this.projectRoot = projectRoot;
        this.workDir = workDir;
        this.logDir = workDir.resolve("logs");
        this.progress = progress;
    }

    public Path logDir() {
        return logDir;
    }

    public Path workDir() {
        return workDir;
    }

    public KafkaBroker startKafka(int port) {
        progress.accept("starting Kafka (KRaft, 127.0.0.1:" + (port == 0 ? "free port" : port) + ")");
        kafka = KafkaBroker.start(port, workDir.resolve("kafka"));
        started.add(kafka);
        return kafka;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /**
     * Starts the given services in parallel and waits for each to be ready. {@code config} holds the
     * environment of each service; Kafka's address and the topic prefix are added here.
     */
    public void startServices(Map<Service, Integer> ports, Map<Service, Map<String, String>> config, Topics topics,
            String jvmOptions) {
        for (Map.Entry<Service, Integer> e : ports.entrySet()) {
            Map<String, String> env = new HashMap<>(config.getOrDefault(e.getKey(), Map.of()));
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("OPENLVA_TOPIC_PREFIX", topics.prefix());
            progress.accept("starting " + e.getKey().module() + " on 127.0.0.1:" + e.getValue());
            ServiceProcess p = ServiceProcess.start(e.getKey(), projectRoot, e.getValue(), env, logDir, jvmOptions);
            services.put(e.getKey(), p);
            started.add(p);
        }
        for (ServiceProcess p : services.values()) {
            p.awaitReady(READY_TIMEOUT);
            progress.accept(p.name() + " ready (log: " + p.log() + ")");
        }
    }

    public ServiceProcess service(Service s) {
        ServiceProcess p = services.get(s);
        if (p == null) {
            throw new IllegalStateException(s.module() + " was not started");
        }
        return p;
    }

    /** Anything else to stop with the pipeline (the simulated camera, an extra replica). */
    public <T extends AutoCloseable> T own(T resource) {
        started.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                progress.accept("while stopping: " + e);
            }
        }
        started.clear();
        services.clear();
    }
}
