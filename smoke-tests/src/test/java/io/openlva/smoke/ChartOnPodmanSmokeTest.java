package io.openlva.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlva.graph.contract.KafkaClients;

/**
 * helm/openlva, rendered with Helm, on real containers of this machine (podman kube play; {@link KubePlay} says how
 * Services, Secrets and probes are bridged): every pod ready by its own probes, the topics Job completed, the sample
 * graph applied through the graph API with the token from the chart's Secret, the camera's persons read as
 * Inference events by a Kafka client on this host through the chart's external listener (with the chart's defaults:
 * SASL logins over TLS checked against the release's CA, ACLs and sealed parameter values, so the services log in and
 * resolve the camera password), a playable clip on the
 * recordings volume, and the chart's helm test passing. The model comes from the host's cache by a hostPath volume.
 */
class ChartOnPodmanSmokeTest {

    private static final String RELEASE = "smoke";
    private static final String NAMESPACE = "openlva-smoke";
    private static final String FULLNAME = RELEASE + "-openlva";

    @Test
    void theChartRunsOnRealContainersAndItsEventsAreReadFromOutside() throws IOException {
        Machine.requireTools("podman", "ffprobe", "openssl");
        Machine.imagesBuilt();
        Path model = Machine.model();
        Path work = Machine.PROJECT_ROOT.resolve("smoke-tests/target/smoke/chart");
        Files.createDirectories(work);

        int nodePort = freeNodePort();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("hubBridge.apiToken.value", token());
        values.put("inference.model.source", "hostPath");
        values.put("inference.model.hostPath.path", model.getParent().toString());
        values.put("inference.model.file", model.getFileName().toString());
        values.put("kafka.bundled.externalListener.enabled", true);
        values.put("kafka.bundled.externalListener.type", "NodePort");
        values.put("kafka.bundled.externalListener.nodePort", nodePort);
        values.put("kafka.bundled.externalListener.advertisedHost", "127.0.0.1");
        // Kafka logins and the parameter key from Secrets made beforehand, as an operator who manages secrets does
        // (the chart draws them itself where Helm can look up the cluster's: not in a render for podman)
        values.put("kafka.bundled.auth.existingSecret", FULLNAME + "-smoke-kafka-users");
        values.put("parameterEncryption.existingSecret", FULLNAME + "-smoke-parameter-keys");
        // and the broker's certificate, from a CA of this run (PKCS#1 key, as Helm's genSignedCert writes it)
        values.put("kafka.bundled.tls.existingSecret", FULLNAME + "-smoke-kafka-tls");
        Map<String, String> tls = brokerCertificate(work.resolve("kafka-tls"), "127.0.0.1");
        Map<String, String> users = new LinkedHashMap<>();
        for (String user : List.of("admin", "hub-bridge", "ingest-service", "sampler-service", "inference-service",
                "recorder-service")) {
            users.put(user, token());
        }
        users.put("keda-username", "inference-service");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        RenderedChart chart = RenderedChart.render(RELEASE, NAMESPACE, values, work)
                .withSecret(FULLNAME + "-smoke-kafka-users", users)
                .withSecret(FULLNAME + "-smoke-parameter-keys", Map.of("keys", "k1=" + java.util.Base64.getEncoder().encodeToString(key)))
                .withSecret(FULLNAME + "-smoke-kafka-tls", tls);

        try (KubePlay play = new KubePlay("chart", NAMESPACE, chart, work)) {
            long started = System.nanoTime();
            play.playRelease(Map.of(FULLNAME + "-kafka-external", nodePort));
            // The post-install hook: Helm runs it once the release's objects exist, without waiting for them.
            List<KubePlay.PlayedPod> topics = play.playHook("post-install");
            for (KubePlay.PlayedPod pod : play.releasePods()) {
                play.awaitReady(pod, Duration.ofMinutes(8));
            }
            System.out.printf("smoke: chart: every pod ready %d s after kube play%n", seconds(started));
            for (KubePlay.PlayedPod job : topics) {
                play.awaitCompleted(job, Duration.ofMinutes(8));
            }

            String token = chart.secret(FULLNAME + "-api-token", "api-token");
            KubePlay.PlayedPod hubBridge = play.pod(FULLNAME + "-hub-bridge");
            SampleGraph.apply(URI.create("http://" + hubBridge.ip() + ":8080"), token,
                    "rtsp://" + FULLNAME + "-camera:8554/cam1", "/models/" + model.getFileName(), "/var/media");

            // The chart's Kafka asks for a login on the external listener too: the admin's, from the chart's Secret,
            // over TLS checked against the release's CA (its certificate names the advertised 127.0.0.1).
            Map<String, Object> login = new LinkedHashMap<>(KafkaClients.sasl("admin", users.get("admin"), "PLAIN"));
            login.put("security.protocol", "SASL_SSL");
            login.put("ssl.truststore.type", "PEM");
            login.put("ssl.truststore.certificates", tls.get("ca.crt"));
            JsonNode inference = SampleGraph.awaitPersonInference("127.0.0.1:" + nodePort, login, Duration.ofMinutes(5));
            System.out.printf("smoke: chart: first person Inference read on this host %d s after kube play%n", seconds(started));
            assertThat(inference.path("inferences")).isNotEmpty();

            Path clip = SampleGraph.awaitPlayableClip(play.volumePath(FULLNAME + "-recordings"), Duration.ofMinutes(4));
            System.out.println("smoke: chart: clip " + clip.getFileName() + " on the recordings volume plays");

            for (KubePlay.PlayedPod test : play.playHook("test")) {
                play.awaitCompleted(test, Duration.ofMinutes(3));
            }
        }
    }

    /**
     * A CA and a broker certificate for the names the chart requires (its Kafka Service in each form, the external
     * listener's host), made with openssl as an operator would: tls.crt, tls.key and ca.crt.
     */
    private static Map<String, String> brokerCertificate(Path dir, String advertisedHost) throws IOException {
        Files.createDirectories(dir);
        String svc = FULLNAME + "-kafka";
        String names = String.join(",", "DNS:" + svc, "DNS:" + svc + "." + NAMESPACE, "DNS:" + svc + "." + NAMESPACE + ".svc",
                "DNS:" + svc + "." + NAMESPACE + ".svc.cluster.local", "IP:" + advertisedHost);
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=" + names + "\n");
        Duration bound = Duration.ofSeconds(60);
        Command.require(bound, List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=smoke Kafka CA", "-keyout", dir.resolve("ca.key").toString(), "-out", dir.resolve("ca.crt").toString()));
        Command.require(bound, List.of("openssl", "genrsa", "-traditional", "-out", dir.resolve("tls.key").toString(), "2048"));
        Command.require(bound, List.of("openssl", "req", "-new", "-key", dir.resolve("tls.key").toString(),
                "-subj", "/CN=" + svc + "." + NAMESPACE + ".svc.cluster.local", "-out", dir.resolve("tls.csr").toString()));
        Command.require(bound, List.of("openssl", "x509", "-req", "-in", dir.resolve("tls.csr").toString(), "-days", "2",
                "-CA", dir.resolve("ca.crt").toString(), "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial",
                "-extfile", dir.resolve("san.ext").toString(), "-out", dir.resolve("tls.crt").toString()));
        Map<String, String> out = new LinkedHashMap<>();
        for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
            out.put(file, Files.readString(dir.resolve(file)));
        }
        return out;
    }

    static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }

    private static String token() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A port of Kubernetes' NodePort range that is free on this host's loopback. */
    private static int freeNodePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(30000, 32768);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("no free port in 30000-32767 on 127.0.0.1");
    }
}
