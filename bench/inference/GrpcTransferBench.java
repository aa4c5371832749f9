import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.sun.net.httpserver.HttpServer;

import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.GrpcExtension;
import io.openlva.graph.model.HttpExtension;
import io.openlva.inference.grpc.ExtensionServer;
import io.openlva.inference.grpc.ExtensionService;
import io.openlva.inference.grpc.GrpcExtensionRunner;
import io.openlva.inference.http.HttpExtensionRunner;
import io.openlva.inference.node.NodeRunner;

/**
 * Frame transfer to an extension that finds nothing: 1080p raw RGB frames (6.2 MB) through OpenLVA's extension
 * clients to servers on 127.0.0.1, frames/s over gRPC with shared memory (/dev/shm), gRPC embedded, and HTTP
 * (LVA's HttpExtension protocol, a 204 answer). The three run in interleaved rounds so they see the same machine
 * load; the ratios are of the totals. Target: shared memory >= 2x HTTP. Env: BENCH_FRAMES (per mode and round,
 * default 60), BENCH_ROUNDS (default 3).
 */
public final class GrpcTransferBench {

    public static void main(String[] args) throws Exception {
        int frames = Integer.parseInt(System.getenv().getOrDefault("BENCH_FRAMES", "60"));
        int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "3"));
        int w = 1920, h = 1080;
        byte[] rgb = new byte[w * h * 3];
        new Random(1).nextBytes(rgb);
        Path shm = Path.of("/dev/shm");

        // servers that read the whole image and find nothing
        ExtensionServer grpc = ExtensionServer.start("127.0.0.1", 0, new ExtensionService((frame, config) -> List.of(), shm),
                64 << 20);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.createContext("/score", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.start();

        GrpcExtensionRunner.Settings settings = new GrpcExtensionRunner.Settings(Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 2, 64 << 20, shm);
        Map<String, NodeRunner> runners = new LinkedHashMap<>();
        runners.put("gRPC shared memory", new GrpcExtensionRunner("bench", grpcNode(grpc.port(), "sharedMemory"), settings));
        runners.put("gRPC embedded", new GrpcExtensionRunner("bench", grpcNode(grpc.port(), "embedded"), settings));
        runners.put("HTTP", new HttpExtensionRunner(new HttpExtension("http", List.of(),
                Endpoint.unsecured("http://127.0.0.1:" + http.getAddress().getPort() + "/score", null), null, null),
                new HttpExtensionRunner.Settings(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(1),
                        Duration.ofSeconds(5)), Clock.systemUTC()));

        Map<String, double[]> totals = new LinkedHashMap<>(); // frames, seconds
        Map<String, List<Double>> perRound = new LinkedHashMap<>();
        long t = 0;
        for (var e : runners.entrySet()) { // warm-up: sessions open, code compiled
            for (int i = 0; i < 10; i++) {
                e.getValue().infer(frame(rgb, w, h, t += 40_000));
            }
            totals.put(e.getKey(), new double[2]);
            perRound.put(e.getKey(), new ArrayList<>());
        }
        for (int r = 1; r <= rounds; r++) {
            StringBuilder line = new StringBuilder("round " + r + ":");
            for (var e : runners.entrySet()) {
                long start = System.nanoTime();
                for (int i = 0; i < frames; i++) {
                    if (e.getValue().infer(frame(rgb, w, h, t += 40_000)).isPresent()) {
                        throw new IllegalStateException("the empty extension answered something");
                    }
                }
                double s = (System.nanoTime() - start) / 1e9;
                totals.get(e.getKey())[0] += frames;
                totals.get(e.getKey())[1] += s;
                perRound.get(e.getKey()).add(frames / s);
                line.append(String.format("  %s %.1f frames/s", e.getKey(), frames / s));
            }
            System.out.println(line);
        }
        System.out.printf("1080p raw RGB (%d bytes a frame), %d rounds of %d frames per mode, empty-result extension on 127.0.0.1:%n",
                rgb.length, rounds, frames);
        Map<String, Double> fps = new LinkedHashMap<>();
        totals.forEach((k, v) -> {
            fps.put(k, v[0] / v[1]);
            List<Double> sorted = new ArrayList<>(perRound.get(k));
            Collections.sort(sorted);
            System.out.printf("  %-20s %7.1f frames/s (%.0f MB/s; rounds %.1f..%.1f)%n", k, v[0] / v[1],
                    v[0] / v[1] * rgb.length / 1e6, sorted.get(0), sorted.get(sorted.size() - 1));
        });
        System.out.printf("ratio gRPC shared memory / HTTP:     %.2f (target >= 2)%n", fps.get("gRPC shared memory") / fps.get("HTTP"));
        System.out.printf("ratio gRPC shared memory / embedded: %.2f%n", fps.get("gRPC shared memory") / fps.get("gRPC embedded"));
        System.out.printf("ratio gRPC embedded / HTTP:          %.2f%n", fps.get("gRPC embedded") / fps.get("HTTP"));
        runners.values().forEach(NodeRunner::close);
        grpc.close();
        http.stop(0);
        System.exit(0);
    }

    private static GrpcExtension grpcNode(int port, String mode) {
        return new GrpcExtension("grpc-" + mode, List.of(), Endpoint.unsecured("tcp://127.0.0.1:" + port, null), null, null,
                mode, mode.equals("sharedMemory") ? 64 : 0, "");
    }

    private static MediaFrame frame(byte[] rgb, int w, int h, long mediaTimeUs) {
        return new MediaFrame(new StreamKey("bench", "extension"), "rtspSource", mediaTimeUs, System.currentTimeMillis(),
                "image/x-raw", "rgb24", w, h, w, h, "none", null, rgb);
    }
}
