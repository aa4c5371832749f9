package io.openlva.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.devkit.KafkaBroker;
import io.openlva.devkit.TestKafka;
import io.openlva.devkit.camera.SimulatedCamera;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.ingest.ownership.OwnershipHash;

/**
 * Two ingest-service processes (the packaged application, two JVMs) share two cameras: each camera is pulled
 * once; killing one process (SIGKILL) moves its camera to the other within the group's session timeout.
 * Runs after packaging (failsafe), since it starts {@code target/quarkus-app/quarkus-run.jar}.
 */
class FailoverIT {

    static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");
    static final int OWNERSHIP_PARTITIONS = 24;
    static KafkaBroker kafka;
    static SimulatedCamera camera;
    static KafkaTap tap;
    static final List<Replica> replicas = new ArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Replica(String name, Process process, int port) {
    }

    @BeforeAll
    static void start() throws IOException {
        assertThat(APP).as("packaged application (run with mvn verify)").exists();
        kafka = TestKafka.shared();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicSpecs.ensure(admin, Topics.DEFAULT, 6);
        }
        camera = SimulatedCamera.start(0, Map.of("cam1", SampleClips.vtest(), "cam2", SampleClips.vtest()));
        tap = new KafkaTap(kafka.bootstrapServers(), Topics.DEFAULT);
        tap.putTopology("IngestTest", IngestServiceTest.resource("/graphs/ingest-topology.json"));
        replicas.add(startReplica("replica-a"));
        replicas.add(startReplica("replica-b"));
    }

    static Replica startReplica(String name) throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-jar", APP.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("OPENLVA_INGEST_OWNERSHIP_SESSION_TIMEOUT", "6s");
        env.put("OPENLVA_INGEST_OWNERSHIP_PARTITIONS", Integer.toString(OWNERSHIP_PARTITIONS));
        env.put("OPENLVA_INGEST_RECONNECT_INITIAL_DELAY", "200ms");
        env.put("OPENLVA_INGEST_RECONNECT_MAX_DELAY", "1s");
        return new Replica(name, pb.start(), port);
    }

    @AfterAll
    static void stop() {
        for (Replica r : replicas) {
            r.process().destroy();
        }
        for (Replica r : replicas) {
            try {
                if (!r.process().waitFor(15, TimeUnit.SECONDS)) {
                    r.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (tap != null) {
            tap.close();
        }
        if (camera != null) {
            camera.stop();
        }
    }

    static JsonNode ingestCheck(Replica r) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port()
                    + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode check : Json.mapper().readTree(response.body()).get("checks")) {
                if (check.get("name").asText().equals("ingest-service")) {
                    return check;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static Set<Integer> owned(Replica r) {
        JsonNode check = ingestCheck(r);
        if (check == null || !check.get("status").asText().equals("UP")) {
            return Set.of();
        }
        String list = check.get("data").get("ownedPartitions").asText().replaceAll("[\\[\\] ]", "");
        return list.isEmpty() ? Set.of() : Arrays.stream(list.split(",")).map(Integer::valueOf).collect(Collectors.toSet());
    }

    static Set<String> sources(Replica r) {
        JsonNode check = ingestCheck(r);
        if (check == null) {
            return Set.of();
        }
        String list = check.get("data").get("sources").asText();
        return list.isEmpty() ? Set.of() : Set.of(list.split(","));
    }

    /** An instance name whose ownership partition is in {@code partitions}. */
    static String instanceOwnedBy(Set<Integer> partitions, String prefix) {
        for (int i = 0; i < 10_000; i++) {
            String name = prefix + i;
            if (partitions.contains(OwnershipHash.partition(name, OWNERSHIP_PARTITIONS))) {
                return name;
            }
        }
        throw new IllegalStateException("no name maps to " + partitions);
    }

    @Test
    void eachCameraPulledOnceAndTakenOverWhenItsReplicaDies() {
        Replica a = replicas.get(0);
        Replica b = replicas.get(1);
        // both replicas in the group, partitions split between them
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Set<Integer> pa = owned(a);
            Set<Integer> pb = owned(b);
            return !pa.isEmpty() && !pb.isEmpty() && pa.size() + pb.size() == OWNERSHIP_PARTITIONS;
        });
        Set<Integer> ofA = owned(a);
        Set<Integer> ofB = owned(b);
        assertThat(ofA).doesNotContainAnyElementsOf(ofB);
        String onA = instanceOwnedBy(ofA, "camA");
        String onB = instanceOwnedBy(ofB, "camB");
        tap.putInstance(onA, KafkaTap.instanceJson(onA, "IngestTest", Map.of("rtspUrl", camera.url("cam1")), true));
        tap.putInstance(onB, KafkaTap.instanceJson(onB, "IngestTest", Map.of("rtspUrl", camera.url("cam2")), true));

        await().atMost(Duration.ofSeconds(60)).until(() -> !tap.packets(onA + "/rtspSource").isEmpty()
                && !tap.packets(onB + "/rtspSource").isEmpty());
        assertThat(sources(a)).containsExactly(onA + "/rtspSource");
        assertThat(sources(b)).containsExactly(onB + "/rtspSource");
        // pulled once: one session per camera
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                tap.events(onA, EventTypes.MEDIA_SESSION_ESTABLISHED).size() == 1
                        && tap.events(onB, EventTypes.MEDIA_SESSION_ESTABLISHED).size() == 1);
        assertThat(tap.packets(onA + "/rtspSource").stream().map(MediaPacket::sessionId).distinct()).hasSize(1);

        String sessionOnA = tap.packets(onA + "/rtspSource").get(0).sessionId();
        long killed = System.nanoTime();
        a.process().destroyForcibly();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                tap.packets(onA + "/rtspSource").stream().anyMatch(p -> !p.sessionId().equals(sessionOnA)));
        long failoverMs = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("[ingest] replica killed -> its camera's packets flowing from the other replica after "
                + failoverMs + " ms (session timeout 6 s)");
        assertThat(sources(b)).containsExactlyInAnyOrder(onA + "/rtspSource", onB + "/rtspSource");
        assertThat(tap.events(onA, EventTypes.MEDIA_SESSION_ESTABLISHED)).hasSize(2);
        // the other camera was never interrupted
        assertThat(tap.events(onB, EventTypes.MEDIA_SESSION_ESTABLISHED)).hasSize(1);
    }

    static String logOf(String name) throws IOException {
        return Files.readString(Path.of("target", name + ".log"));
    }
}
