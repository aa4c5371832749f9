package io.openlva.inference.score;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import io.openlva.inference.TestFrames;
import io.openlva.inference.TestModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * /score and /image under hostile input: a small PNG that declares 20000×20000 pixels is refused from its header
 * (413, nothing decoded), requests beyond the concurrency cap get 503 with Retry-After, and with a token
 * configured a request without it gets 401.
 */
@QuarkusTest
@TestProfile(ScoreLimitsTest.Limits.class)
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class ScoreLimitsTest {

    private static final String TOKEN = "score-test-token";

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openlva.inference.api-token", TOKEN, "openlva.inference.score-max-concurrent", "1");
        }
    }

    static {
        TestModel.path();
    }

    @Test
    void aPixelBombIsRefusedFromItsHeader() throws IOException {
        byte[] bomb = pngDeclaring(20000, 20000, 1 << 20);
        assertThat(bomb.length).isBetween(900_000, 1_200_000);
        given().auth().oauth2(TOKEN).contentType("image/png").body(bomb).post("/score")
                .then().statusCode(413).body("error.message", containsString("20000x20000"));
        given().auth().oauth2(TOKEN).multiPart("imageData", "bomb.png", bomb, "image/png").post("/image")
                .then().statusCode(413);
        // a raw frame declaring more pixels than the cap, and one whose size would overflow an int
        given().auth().oauth2(TOKEN).contentType("image/x-raw; format=rgb24; width=20000; height=20000")
                .body(new byte[1024]).post("/score").then().statusCode(413);
        given().auth().oauth2(TOKEN).contentType("image/x-raw; format=rgb24; width=2000000; height=2000000")
                .body(new byte[1024]).post("/score").then().statusCode(413);
        // in parallel, beyond the concurrency cap: refused from the header, not queued for a turn
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                codes.add(pool.submit(() -> given().auth().oauth2(TOKEN).contentType("image/png").body(bomb).post("/score")
                        .statusCode()));
            }
            for (Future<Integer> c : codes) {
                assertThat(c.get()).isEqualTo(413);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("openlva_inference_score_refused_total{reason=\"too-large\"}"));
    }

    @Test
    void requestsBeyondTheConcurrencyCapGet503WithRetryAfter() throws Exception {
        byte[] jpeg = TestFrames.read(TestFrames.jpegs().get(0));
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Callable<Response> call = () -> {
                    start.await();
                    return given().auth().oauth2(TOKEN).contentType("image/jpeg").body(jpeg).post("/score");
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            int ok = 0;
            int busy = 0;
            for (Future<Response> f : answers) {
                Response r = f.get();
                if (r.statusCode() == 503) {
                    busy++;
                    assertThat(r.header("Retry-After")).isEqualTo("1");
                    assertThat(r.jsonPath().getString("error.message")).contains("score-max-concurrent");
                } else {
                    assertThat(r.statusCode()).isEqualTo(200);
                    ok++;
                }
            }
            assertThat(ok).as("requests scored").isGreaterThanOrEqualTo(1);
            assertThat(busy).as("requests refused while one ran").isGreaterThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        // the cap is released: a later request is scored
        given().auth().oauth2(TOKEN).contentType("image/jpeg").body(jpeg).post("/score").then().statusCode(200);
    }

    @Test
    void withATokenConfiguredScoringNeedsIt() {
        byte[] jpeg = TestFrames.read(TestFrames.jpegs().get(0));
        given().contentType("image/jpeg").body(jpeg).post("/score").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("wrong").contentType("image/jpeg").body(jpeg).post("/score").then().statusCode(401);
        given().multiPart("imageData", "x.jpg", jpeg, "image/jpeg").post("/image").then().statusCode(401);
        given().auth().oauth2(TOKEN).contentType("image/jpeg").body(jpeg).post("/score").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }

    /** A real PNG: an IHDR declaring width×height grey pixels and an IDAT of about {@code bytes} compressed zeros. */
    static byte[] pngDeclaring(int width, int height, int bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(width);
        d.writeInt(height);
        d.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit greyscale, deflate, no filter, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        // Stored (uncompressed) deflate blocks of zeros: a file of the wanted size whatever zlib's ratio.
        Deflater deflater = new Deflater(Deflater.NO_COMPRESSION);
        deflater.setInput(new byte[bytes]);
        deflater.finish();
        byte[] buf = new byte[bytes + 1024];
        int n = deflater.deflate(buf);
        deflater.end();
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
