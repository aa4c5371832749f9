package io.openlva.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.openlva.devkit.Processes;
import io.openlva.devkit.Supervised;

/**
 * One service running as its own JVM, started from its Quarkus runner jar under {@link Supervised} so it
 * stops when its starter goes away, with its log in a file of its own.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final List<String> command;
    private final Map<String, String> env;
    private Process process;

    private ServiceProcess(String name, int port, Path log, List<String> command, Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.command = command;
        this.env = env;
    }

    /**
     * Starts a Quarkus service jar on the given port. {@code config} holds environment variables (the
     * same names the Helm chart and docker-compose use).
     */
    public static ServiceProcess start(Service service, Path projectRoot, int port, Map<String, String> config, Path logDir,
            String jvmOptions) {
        Path jar = service.runnerJar(projectRoot);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -B install -DskipTests)");
        }
        List<String> cmd = new ArrayList<>(Supervised.ownSession());
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String opt : jvmOptions.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        if (service == Service.INFERENCE) {
            // its gRPC extension server: loopback, and a port of its own unless one is asked for (replicas share a host)
            cmd.add("-Dopenlva.inference.grpc.server.host=127.0.0.1");
            if (!config.containsKey("OPENLVA_INFERENCE_GRPC_SERVER_PORT")) {
                cmd.add("-Dopenlva.inference.grpc.server.port=0");
            }
        }
        cmd.add("-cp");
        cmd.add(classesOf(Supervised.class) + java.io.File.pathSeparator + jar);
        cmd.add(Supervised.class.getName());
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        cmd.add("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
        ServiceProcess p = new ServiceProcess(service.module(), port, logDir.resolve(service.module() + ".log"), cmd, config);
        p.launch();
        return p;
    }

    private void launch() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits until /q/health/ready answers 200; fails with the tail of the log if the process dies or time runs out. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; last lines of " + log
                        + ":\n" + tail(40));
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + " (" + last + "); last lines of " + log
                + ":\n" + tail(40));
    }

    /** Stops gracefully (SIGTERM: Quarkus shuts down, the recorder closes clips), then kills. */
    public void stop() {
        Processes.stop(process, Duration.ofSeconds(30));
    }

    /** SIGKILL, as a crashed pod goes. */
    public void kill() {
        Processes.kill(process);
    }

    /** Starts the same command again (after stop or kill). */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static String classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
