package io.openlva.inference.score;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.openlva.graph.contract.Json;
import io.openlva.inference.TestModel;
import io.openlva.inference.onnx.CocoLabels;
import io.openlva.inference.onnx.Detection;
import io.openlva.inference.onnx.NamedTensor;
import io.openlva.inference.onnx.OutputDecoder;
import io.openlva.inference.onnx.YoloV8Decoder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * /score finds what YOLOv8n finds with its reference preprocessing. The reference is written here independently of
 * the service: Ultralytics' letterbox (aspect kept, inner size rounded, pad split with round(d -/+ 0.1), grey 114)
 * drawn with Java2D's bilinear interpolation, RGB/255, run on its own ONNX Runtime session; only the head decoding
 * (thresholds, NMS) is shared, as it is not under test. Real photos from Debian's opencv-doc
 * (scripts/setup.sh installs it), every one at a size other than the model's 640x640.
 */
@QuarkusTest
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class ReferencePreprocessingTest {

    private static final Path PHOTOS = Path.of("/usr/share/doc/opencv-doc/examples/data");
    private static final int SIZE = 640;
    /** /score's thresholds (application.properties). */
    private static final float CONFIDENCE = 0.5f;
    private static final float NMS = 0.45f;
    /** Detections this close to the threshold may fall on either side of it with any resampling. */
    private static final double EDGE = 0.02;

    private static OrtSession session;
    private static int matched;

    @BeforeAll
    static void referenceSession() throws Exception {
        if (!Files.isDirectory(PHOTOS)) {
            throw new IllegalStateException(PHOTOS + " is missing: install Debian's opencv-doc (scripts/setup.sh does)");
        }
        session = OrtEnvironment.getEnvironment().createSession(TestModel.path().toString(), new OrtSession.SessionOptions());
    }

    @AfterAll
    static void close() throws Exception {
        session.close();
        assertThat(matched).as("detections compared over all photos").isGreaterThanOrEqualTo(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"messi5.jpg", "basketball1.png", "fruits.jpg", "home.jpg", "building.jpg"})
    void scoreMatchesTheReferenceLetterbox(String name) throws Exception {
        Path photo = PHOTOS.resolve(name);
        byte[] bytes = Files.readAllBytes(photo);
        BufferedImage img = ImageIO.read(photo.toFile());
        assertThat(img.getWidth() != SIZE || img.getHeight() != SIZE).isTrue();

        List<Found> reference = reference(img);
        Response r = given().contentType(name.endsWith(".png") ? "image/png" : "image/jpeg").body(bytes).post("/score");
        List<Found> served = new ArrayList<>();
        if (r.statusCode() == 200) {
            for (JsonNode i : Json.read(r.asByteArray()).get("inferences")) {
                JsonNode box = i.at("/entity/box");
                served.add(new Found(i.at("/entity/tag/value").asText(), i.at("/entity/tag/confidence").asDouble(),
                        box.get("l").asDouble(), box.get("t").asDouble(), box.get("l").asDouble() + box.get("w").asDouble(),
                        box.get("t").asDouble() + box.get("h").asDouble()));
            }
        } else {
            assertThat(r.statusCode()).as("/score answered %s", r.asString()).isEqualTo(204);
        }
        System.out.printf("%s %dx%d: reference %s%n    /score %s%n", name, img.getWidth(), img.getHeight(), reference, served);
        assertMatch(name, "reference", reference, "/score", served);
        assertMatch(name, "/score", served, "reference", reference);
    }

    /** Every detection of {@code a} clear of the threshold has a twin in {@code b}: same tag, IoU >= 0.9, confidence within 0.02. */
    private static void assertMatch(String photo, String aName, List<Found> a, String bName, List<Found> b) {
        for (Found d : a) {
            if (d.confidence() < CONFIDENCE + EDGE) {
                continue;
            }
            Found twin = b.stream().filter(o -> o.tag().equals(d.tag())).max((x, y) -> Double.compare(x.iou(d), y.iou(d))).orElse(null);
            assertThat(twin).as("%s: %s's %s has no %s in %s: %s", photo, aName, d, d.tag(), bName, b).isNotNull();
            assertThat(twin.iou(d)).as("%s: IoU of %s's %s with %s's %s", photo, aName, d, bName, twin).isGreaterThanOrEqualTo(0.9);
            assertThat(Math.abs(twin.confidence() - d.confidence())).as("%s: confidence of %s vs %s", photo, d, twin)
                    .isLessThanOrEqualTo(0.02);
            matched++;
        }
    }

    /** The reference: Ultralytics LetterBox with Java2D bilinear resampling, then the model, boxes back on the photo. */
    private static List<Found> reference(BufferedImage img) throws Exception {
        int w = img.getWidth();
        int h = img.getHeight();
        double r = Math.min((double) SIZE / h, (double) SIZE / w);
        int nw = (int) Math.round(w * r);
        int nh = (int) Math.round(h * r);
        double dw = (SIZE - nw) / 2.0;
        double dh = (SIZE - nh) / 2.0;
        int left = (int) Math.round(dw - 0.1);
        int top = (int) Math.round(dh - 0.1);
        BufferedImage canvas = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(new Color(114, 114, 114));
        g.fillRect(0, 0, SIZE, SIZE);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, left, top, nw, nh, null);
        g.dispose();

        float[] chw = new float[3 * SIZE * SIZE];
        int plane = SIZE * SIZE;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int p = canvas.getRGB(x, y);
                chw[y * SIZE + x] = ((p >> 16) & 0xff) / 255f;
                chw[plane + y * SIZE + x] = ((p >> 8) & 0xff) / 255f;
                chw[2 * plane + y * SIZE + x] = (p & 0xff) / 255f;
            }
        }
        List<NamedTensor> outputs = new ArrayList<>();
        try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(chw),
                new long[] {1, 3, SIZE, SIZE});
                OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer fb = out.getFloatBuffer();
            float[] data = new float[fb.remaining()];
            fb.get(data);
            outputs.add(new NamedTensor("output0", out.getInfo().getShape(), data));
        }
        List<Found> found = new ArrayList<>();
        List<String> labels = CocoLabels.all();
        for (Detection d : new YoloV8Decoder().decode(outputs, new OutputDecoder.DecodeSettings(CONFIDENCE, NMS, 300), SIZE, SIZE)) {
            double x1 = clamp((d.x1() - left) / r / w);
            double y1 = clamp((d.y1() - top) / r / h);
            double x2 = clamp((d.x2() - left) / r / w);
            double y2 = clamp((d.y2() - top) / r / h);
            found.add(new Found(labels.get(d.classId()), d.score(), x1, y1, x2, y2));
        }
        return found;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** A detection on the photo, corners normalized 0–1. */
    record Found(String tag, double confidence, double x1, double y1, double x2, double y2) {
        double iou(Found o) {
            double iw = Math.max(0, Math.min(x2, o.x2) - Math.max(x1, o.x1));
            double ih = Math.max(0, Math.min(y2, o.y2) - Math.max(y1, o.y1));
            double inter = iw * ih;
            double union = (x2 - x1) * (y2 - y1) + (o.x2 - o.x1) * (o.y2 - o.y1) - inter;
            return union <= 0 ? 0 : inter / union;
        }

        @Override
        public String toString() {
            return String.format("%s %.3f [%.3f %.3f %.3f %.3f]", tag, confidence, x1, y1, x2, y2);
        }
    }
}
