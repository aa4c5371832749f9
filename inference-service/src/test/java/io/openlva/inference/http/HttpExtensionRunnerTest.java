package io.openlva.inference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.Credentials;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.HttpExtension;
import io.openlva.graph.model.HttpHeaderCredentials;
import io.openlva.graph.model.ImageSpec;
import io.openlva.graph.model.UsernamePasswordCredentials;
import io.openlva.inference.LvaSchema;
import io.openlva.inference.node.FrameDroppedException;

/** The HTTP extension client against a real local HTTP server answering each way extensions answer. */
class HttpExtensionRunnerTest {

    private static final String LVA_JSON = "{\"inferences\":[{\"type\":\"entity\",\"entity\":{\"tag\":{\"value\":\"person\",\"confidence\":0.9},"
            + "\"box\":{\"l\":0.1,\"t\":0.2,\"w\":0.3,\"h\":0.4}}}]}";
    private static final String CUSTOM_VISION = "{\"created\":\"2020-05-18T01:08:34.483Z\",\"id\":\"\",\"iteration\":\"\",\"predictions\":["
            + "{\"boundingBox\":{\"height\":0.06219418,\"left\":0.14977954,\"top\":0.65847444,\"width\":0.01879117},"
            + "\"probability\":0.69806677,\"tagId\":0,\"tagName\":\"delivery truck\"}],\"project\":\"\"}";
    private static final String FLASK = "{\"inferences\":[{\"type\":\"entity\",\"entity\":{\"tag\":{\"value\":\"car\",\"confidence\":0.7},"
            + "\"box\":{\"l\":32,\"t\":48,\"w\":64,\"h\":96}}}]}";

    record Seen(String path, Map<String, List<String>> headers, byte[] body) {
    }

    private static HttpServer server;
    private static ExecutorService executor;
    private static final List<Seen> seen = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/lva", ex -> answer(ex, 200, "application/json", LVA_JSON));
        server.createContext("/image", ex -> answer(ex, 200, "application/json", CUSTOM_VISION));
        server.createContext("/score", ex -> answer(ex, 200, "application/json", FLASK));
        server.createContext("/nothing", ex -> answer(ex, 204, null, null));
        server.createContext("/busy", ex -> {
            ex.getResponseHeaders().add("Retry-After", "30");
            answer(ex, 503, "text/plain", "busy");
        });
        server.createContext("/busy-no-header", ex -> answer(ex, 503, "text/plain", "busy"));
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, "application/json", LVA_JSON);
        });
        // Headers at once, then a byte every 100 ms: the request's own timeout (headers) would never fire.
        server.createContext("/drip", ex -> {
            ex.getRequestBody().readAllBytes();
            hits.computeIfAbsent("/drip", k -> new AtomicInteger()).incrementAndGet();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client went away, as it should
            }
        });
        server.createContext("/declared-huge", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 100L << 20);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[1024]);
            } catch (IOException e) {
                // cut off
            }
        });
        server.createContext("/flood", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0); // chunked, no length to refuse up front
            byte[] chunk = new byte[16 * 1024];
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 4096; i++) { // 64 MiB unless the client stops reading
                    out.write(chunk);
                }
            } catch (IOException e) {
                hits.computeIfAbsent("/flood-cut", k -> new AtomicInteger()).incrementAndGet();
            }
        });
        server.createContext("/garbage", ex -> answer(ex, 200, "text/plain", "<<not json>>"));
        server.createContext("/other-json", ex -> answer(ex, 200, "application/json", "{\"status\":\"ok\"}"));
        server.createContext("/error", ex -> answer(ex, 500, "text/plain", "boom"));
        server.start();
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] req = ex.getRequestBody().readAllBytes();
        seen.add(new Seen(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), req));
        hits.computeIfAbsent(ex.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
        if (type != null) {
            ex.getResponseHeaders().add("Content-Type", type);
        }
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, body == null ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static HttpExtensionRunner runner(String path, Credentials credentials, Clock clock) {
        HttpExtension node = new HttpExtension("httpExtension", List.of(), Endpoint.unsecured(url(path), credentials),
                ImageSpec.DEFAULT, null);
        return new HttpExtensionRunner(node, new HttpExtensionRunner.Settings(Duration.ofSeconds(2), Duration.ofMillis(700),
                Duration.ofSeconds(1), Duration.ofSeconds(10)), clock);
    }

    private static MediaFrame jpegFrame() {
        return new MediaFrame(new StreamKey("cam1", "httpExtension"), "rtspSource", 2_000_000, 0, "image/jpeg", null, 640, 480,
                640, 480, "none", null, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
    }

    private static Seen last(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void lvaResponsePassesThroughAndTheRequestIsLvas() {
        ObjectNode body = runner("/lva", new UsernamePasswordCredentials("user", "s3cret"), Clock.systemUTC())
                .infer(jpegFrame()).orElseThrow();
        assertThat(body.get("timestamp").asLong()).isEqualTo(180_000);
        assertThat(body.at("/inferences/0/entity/tag/value").asText()).isEqualTo("person");
        assertThat(LvaSchema.projectCopy().errors(body)).isEmpty();
        Seen req = last("/lva");
        assertThat(req.body()).isEqualTo(jpegFrame().data());
        assertThat(req.headers().get("Content-type")).containsExactly("image/jpeg");
        assertThat(req.headers().get("Authorization")).containsExactly("Basic dXNlcjpzM2NyZXQ=");
    }

    @Test
    void headerCredentialsAndRawContentType() {
        MediaFrame raw = new MediaFrame(new StreamKey("cam1", "httpExtension"), "rtspSource", 0, 0, "image/x-raw", "bgr24", 2, 1,
                2, 1, "none", null, new byte[6]);
        runner("/lva", new HttpHeaderCredentials("x-api-key", "k3y"), Clock.systemUTC()).infer(raw);
        Seen req = last("/lva");
        assertThat(req.headers().get("X-api-key")).containsExactly("k3y");
        assertThat(req.headers().get("Content-type")).containsExactly("image/x-raw; format=bgr24; width=2; height=1");
    }

    @Test
    void customVisionAndFlaskAnswersBecomeTheEventBodyAsTheyCame() {
        ObjectNode cv = runner("/image", null, Clock.systemUTC()).infer(jpegFrame()).orElseThrow();
        assertThat(cv.at("/predictions/0/tagName").asText()).isEqualTo("delivery truck");
        assertThat(cv.has("inferences")).isFalse();
        ObjectNode flask = runner("/score", null, Clock.systemUTC()).infer(jpegFrame()).orElseThrow();
        assertThat(flask.at("/inferences/0/entity/box/l").asDouble()).isEqualTo(32);
        assertThat(flask.get("timestamp").asLong()).isEqualTo(180_000);
        assertThat(ExtensionResponses.inferences(flask, 640, 480).at("/0/entity/box/l").asDouble()).isEqualTo(0.05);
    }

    @Test
    void noContentMeansNoEvent() {
        assertThat(runner("/nothing", null, Clock.systemUTC()).infer(jpegFrame())).isEmpty();
    }

    @Test
    void busyExtensionIsLeftAloneForRetryAfter() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        HttpExtensionRunner r = runner("/busy", null, clock);
        assertThatThrownBy(() -> r.infer(jpegFrame())).isInstanceOfSatisfying(FrameDroppedException.class,
                e -> assertThat(e.reason()).isEqualTo("extension-busy"));
        assertThat(r.backoffUntil()).isEqualTo(Instant.parse("2026-01-01T00:00:10Z")); // 30 s capped at max-backoff 10 s
        int before = hits.get("/busy").get();
        clock.now = clock.now.plusSeconds(5);
        assertThatThrownBy(() -> r.infer(jpegFrame())).isInstanceOf(FrameDroppedException.class);
        assertThat(hits.get("/busy").get()).as("no request during the backoff").isEqualTo(before);
        clock.now = clock.now.plusSeconds(6);
        assertThatThrownBy(() -> r.infer(jpegFrame())).isInstanceOf(FrameDroppedException.class);
        assertThat(hits.get("/busy").get()).as("asked again after the backoff").isEqualTo(before + 1);
    }

    @Test
    void busyWithoutRetryAfterBacksOffExponentially() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        HttpExtensionRunner r = runner("/busy-no-header", null, clock);
        assertThatThrownBy(() -> r.infer(jpegFrame())).isInstanceOf(FrameDroppedException.class);
        assertThat(r.backoffUntil()).isEqualTo(clock.now.plusSeconds(1));
        clock.now = clock.now.plusSeconds(2);
        assertThatThrownBy(() -> r.infer(jpegFrame())).isInstanceOf(FrameDroppedException.class);
        assertThat(r.backoffUntil()).isEqualTo(clock.now.plusSeconds(2));
    }

    @Test
    void slowExtensionTimesOut() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner("/slow", null, Clock.systemUTC()).infer(jpegFrame()))
                .isInstanceOfSatisfying(FrameDroppedException.class, e -> assertThat(e.reason()).isEqualTo("extension-timeout"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2900));
    }

    @Test
    void aDrippingAnswerTimesOutAsAWholeAndTheNodeBacksOff() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        HttpExtensionRunner r = runner("/drip", null, clock);
        long start = System.nanoTime();
        assertThatThrownBy(() -> r.infer(jpegFrame()))
                .isInstanceOfSatisfying(FrameDroppedException.class, e -> assertThat(e.reason()).isEqualTo("extension-timeout"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("700 ms timeout, not the 10 s drip")
                .isLessThan(Duration.ofMillis(3000));
        assertThat(r.backoffUntil()).isEqualTo(clock.now.plusSeconds(1));
        int before = hits.get("/drip").get();
        assertThatThrownBy(() -> r.infer(jpegFrame())).isInstanceOfSatisfying(FrameDroppedException.class,
                e -> assertThat(e.reason()).isEqualTo("extension-busy"));
        assertThat(hits.get("/drip").get()).as("no request while backing off").isEqualTo(before);
    }

    @Test
    void anAnswerOverTheSizeCapIsDroppedWithoutReadingIt() {
        HttpExtension node = new HttpExtension("httpExtension", List.of(), Endpoint.unsecured(url("/declared-huge"), null),
                ImageSpec.DEFAULT, null);
        HttpExtensionRunner declared = new HttpExtensionRunner(node, new HttpExtensionRunner.Settings(Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(10), 64 * 1024), Clock.systemUTC());
        assertThatThrownBy(() -> declared.infer(jpegFrame()))
                .isInstanceOfSatisfying(FrameDroppedException.class, e -> assertThat(e.reason()).isEqualTo("extension-error"))
                .hasMessageContaining("104857600 bytes exceeds the limit of 65536");
        HttpExtension floodNode = new HttpExtension("httpExtension", List.of(), Endpoint.unsecured(url("/flood"), null),
                ImageSpec.DEFAULT, null);
        HttpExtensionRunner flood = new HttpExtensionRunner(floodNode, new HttpExtensionRunner.Settings(Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10), 64 * 1024), Clock.systemUTC());
        assertThatThrownBy(() -> flood.infer(jpegFrame()))
                .isInstanceOfSatisfying(FrameDroppedException.class, e -> assertThat(e.reason()).isEqualTo("extension-error"))
                .hasMessageContaining("more than 65536 bytes");
        // the server saw its 64 MiB answer cut off
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> hits.getOrDefault("/flood-cut", new AtomicInteger()).get() == 1);
    }

    @Test
    void garbageIsWrappedAndOtherJsonForwarded() {
        ObjectNode garbage = runner("/garbage", null, Clock.systemUTC()).infer(jpegFrame()).orElseThrow();
        assertThat(garbage.at("/inferences/0/type").asText()).isEqualTo("other");
        assertThat(new String(java.util.Base64.getDecoder().decode(garbage.at("/inferences/0/other/contentBytes").asText()),
                StandardCharsets.UTF_8)).isEqualTo("<<not json>>");
        assertThat(LvaSchema.projectCopy().errors(garbage)).isEmpty();
        assertThat(runner("/other-json", null, Clock.systemUTC()).infer(jpegFrame()).orElseThrow().toString())
                .isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void errorsAndUnreachableExtensionsNeverLeakCredentials() {
        assertThatThrownBy(() -> runner("/error", null, Clock.systemUTC()).infer(jpegFrame()))
                .isInstanceOfSatisfying(FrameDroppedException.class, e -> assertThat(e.reason()).isEqualTo("extension-error"))
                .hasMessageContaining("500");
        HttpExtension node = new HttpExtension("h", List.of(),
                Endpoint.unsecured("http://bob:hunter2@127.0.0.1:1/score", null), ImageSpec.DEFAULT, null);
        HttpExtensionRunner r = new HttpExtensionRunner(node, new HttpExtensionRunner.Settings(Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1)), Clock.systemUTC());
        assertThatThrownBy(() -> r.infer(jpegFrame()))
                .isInstanceOfSatisfying(FrameDroppedException.class, e -> assertThat(e.reason()).isEqualTo("extension-unreachable"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").contains("bob:******@"));
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
