package io.openlva.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.KafkaClients;

/**
 * docker-compose.yml as a user runs it without Docker: the secrets from scripts/compose-secrets.sh in the .env next
 * to docker-compose.yml (made there once, as a user does, and kept), podman-compose up with the images
 * scripts/build-images.sh made, the sample graph applied through the published graph API with the token from .env,
 * person Inference events read by a Kafka client on this host through the published external listener (logged in
 * as admin: compose's Kafka asks for logins), a playable clip on the recordings volume; then down, with every
 * container, volume and network of the project removed (also those an earlier aborted run left).
 */
class ComposeOnPodmanSmokeTest {

    private static final String PROJECT = "openlva-smoke";
    /** The ports docker-compose.yml publishes on 127.0.0.1. */
    private static final List<Integer> PUBLISHED = List.of(8080, 8081, 8082, 8083, 8084, 8554, 29092);

    @Test
    void composeRunsOnPodmanAndItsEventsAreReadFromOutside() throws IOException {
        Machine.requireTools("podman", "podman-compose", "ffprobe");
        Machine.imagesBuilt();
        Path composeFile = Path.of(System.getProperty("openlva.smoke.compose",
                Machine.PROJECT_ROOT.resolve("docker-compose.yml").toString()));
        Path work = Machine.PROJECT_ROOT.resolve("smoke-tests/target/smoke/compose");
        Files.createDirectories(work);
        // podman-compose 1.0 takes .env over the environment: the secrets come from there, as for a user.
        Path dotenv = composeFile.getParent().resolve(".env");
        System.out.println("smoke: compose: " + Command.require(Duration.ofSeconds(30),
                List.of("bash", Machine.PROJECT_ROOT.resolve("scripts/compose-secrets.sh").toString(), dotenv.toString())).trim());
        Map<String, String> secrets = dotenv(dotenv);
        String token = secrets.get("OPENLVA_API_TOKEN");
        // The model from the host's cache, through compose's own model-fetch service (its sha256 check included):
        // file:// from a read-only bind mount that an override file adds.
        Path model = Machine.model();
        Path override = work.resolve("model-from-host-cache.yml");
        Files.writeString(override, "services:\n  model-fetch:\n    volumes:\n      - " + model.getParent() + ":/host-cache:ro\n");
        Map<String, String> env = Map.of("OPENLVA_TAG", Machine.VERSION,
                "OPENLVA_MODEL_URL", "file:///host-cache/" + model.getFileName(), "OPENLVA_MODEL_ARCHIVE_PATH", "");
        List<Path> files = List.of(composeFile, override);

        cleanUp(files, env);
        List<Integer> taken = PUBLISHED.stream().filter(p -> !free(p)).toList();
        assertThat(taken).as("ports docker-compose.yml publishes on 127.0.0.1 must be free for this run").isEmpty();
        try {
            long started = System.nanoTime();
            Command.require(Duration.ofMinutes(5), compose(files, "up", "-d"), env, composeFile.getParent());
            awaitHttpOk("http://127.0.0.1:8080/q/health/ready", Duration.ofMinutes(8));
            System.out.printf("smoke: compose: hub-bridge ready %d s after up%n", ChartOnPodmanSmokeTest.seconds(started));

            SampleGraph.apply(URI.create("http://127.0.0.1:8080"), token, "rtsp://camera:8554/cam1", "/models/yolov8n.onnx",
                    "/var/media");
            JsonNode inference = SampleGraph.awaitPersonInference("127.0.0.1:29092",
                    KafkaClients.sasl("admin", secrets.get("OPENLVA_KAFKA_ADMIN_PASSWORD"), "PLAIN"), Duration.ofMinutes(6));
            System.out.printf("smoke: compose: first person Inference read on this host %d s after up%n",
                    ChartOnPodmanSmokeTest.seconds(started));
            assertThat(inference.path("inferences")).isNotEmpty();

            Path recordings = Path.of(Command.podman("volume", "inspect", "--format", "{{.Mountpoint}}", PROJECT + "_recordings").trim());
            Path clip = SampleGraph.awaitPlayableClip(recordings, Duration.ofMinutes(4));
            System.out.println("smoke: compose: clip " + clip.getFileName() + " on the recordings volume plays");
        } finally {
            saveLogs(work);
            cleanUp(files, env);
        }
    }

    /** KEY=value lines of a .env file. */
    private static Map<String, String> dotenv(Path file) throws IOException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private static List<String> compose(List<Path> files, String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman-compose", "-p", PROJECT));
        files.forEach(f -> cmd.addAll(List.of("-f", f.toString())));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** podman-compose down, then whatever of the project is left (an aborted run, a failed up). */
    private static void cleanUp(List<Path> files, Map<String, String> env) {
        Command.run(Duration.ofMinutes(3), compose(files, "down", "-v", "-t", "5"), env, files.get(0).getParent());
        String label = "label=io.podman.compose.project=" + PROJECT;
        for (String c : Command.podmanQuietly("ps", "-aq", "--filter", label).output().lines().toList()) {
            Command.podmanQuietly("rm", "-f", "-t", "5", c.trim());
        }
        for (String pod : Command.podmanQuietly("pod", "ps", "-q", "--filter", "name=" + PROJECT).output().lines().toList()) {
            Command.podmanQuietly("pod", "rm", "-f", "-t", "5", pod.trim());
        }
        for (String v : Command.podmanQuietly("volume", "ls", "-q", "--filter", label).output().lines().toList()) {
            Command.podmanQuietly("volume", "rm", "-f", v.trim());
        }
        for (String n : Command.podmanQuietly("network", "ls", "-q", "--filter", label).output().lines().toList()) {
            Command.podmanQuietly("network", "rm", "-f", n.trim());
        }
        Command.podmanQuietly("network", "rm", "-f", PROJECT + "_default");
    }

    private static void saveLogs(Path work) {
        String label = "label=io.podman.compose.project=" + PROJECT;
        for (String line : Command.podmanQuietly("ps", "-a", "--filter", label, "--format", "{{.Names}}").output().lines().toList()) {
            try {
                Files.writeString(work.resolve(line.trim() + ".log"), KubePlay.logs(line.trim()));
            } catch (IOException e) {
                // a log is for reading only
            }
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitHttpOk(String url, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(5000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 200) {
                    return;
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.toString();
            }
            SampleGraph.sleep(2000);
        }
        throw new AssertionError(url + " not ready within " + bound.toSeconds() + " s: " + last);
    }
}
