package io.openlva.launcher;

import java.nio.file.Path;

/** The five services, their modules and the HTTP ports the local run gives them. */
public enum Service {
    HUB_BRIDGE("hub-bridge", 8080),
    INGEST("ingest-service", 8081),
    SAMPLER("sampler-service", 8082),
    INFERENCE("inference-service", 8083),
    RECORDER("recorder-service", 8084);

    private final String module;
    private final int localPort;

    Service(String module, int localPort) {
        this.module = module;
        this.localPort = localPort;
    }

    public String module() {
        return module;
    }

    public int localPort() {
        return localPort;
    }

    /** The runnable jar Quarkus builds at {@code mvn package}. */
    public Path runnerJar(Path projectRoot) {
        return projectRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
