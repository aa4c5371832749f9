package io.openlva.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.inference.LvaSchema;
import io.openlva.inference.TestFrames;
import io.openlva.inference.TestModel;

/** YOLOv8n on real frames of the pedestrian clip, as JPEG and as the sampler's padded raw frames. */
class YoloOnRealFramesTest {

    private static ModelCache models;
    private static OnnxExtensionRunner runner;
    private static final List<Long> modelNanos = new ArrayList<>();

    @BeforeAll
    static void load() {
        models = new ModelCache(TestModel.path().toString(), "auto", List.of(), 2, 1);
        runner = new OnnxExtensionRunner(models.defaultModel(), 0.4, 0.45, modelNanos::add);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void modelShapeIsDetected() {
        OnnxModel m = models.defaultModel();
        assertThat(m.inputWidth()).isEqualTo(640);
        assertThat(m.inputHeight()).isEqualTo(640);
        assertThat(m.decoder()).isInstanceOf(YoloV8Decoder.class);
        assertThat(m.labels()).hasSize(80).startsWith("person", "bicycle", "car");
    }

    @Test
    void findsPedestriansInJpegFramesAndEventsMatchLvaSchema() {
        LvaSchema schema = LvaSchema.projectCopy();
        for (Path jpeg : TestFrames.jpegs()) {
            MediaFrame frame = new MediaFrame(new StreamKey("cam1", "detector"), "rtspSource", 5_000_000, 0, "image/jpeg", null,
                    TestFrames.SOURCE_WIDTH, TestFrames.SOURCE_HEIGHT, TestFrames.SOURCE_WIDTH, TestFrames.SOURCE_HEIGHT, "none",
                    null, TestFrames.read(jpeg));
            ObjectNode body = runner.infer(frame).orElseThrow(() -> new AssertionError("nothing found in " + jpeg));
            assertThat(schema.errors(body)).as("schema errors for %s: %s", jpeg, body).isEmpty();
            assertThat(body.get("timestamp").asLong()).isEqualTo(450_000);
            List<Inferences.Entity> persons = runner.detect(frame).stream().filter(e -> e.tag().equals("person")).toList();
            assertThat(persons).as("persons in %s", jpeg).hasSizeGreaterThanOrEqualTo(2);
            for (Inferences.Entity p : persons) {
                assertThat(p.confidence()).isBetween(0.4, 1.0);
                assertThat(p.box().l()).isBetween(0.0, 1.0);
                assertThat(p.box().t()).isBetween(0.0, 1.0);
                assertThat(p.box().l() + p.box().w()).isBetween(0.0, 1.0);
                assertThat(p.box().t() + p.box().h()).isBetween(0.0, 1.0);
                // pedestrians are taller than wide
                assertThat(p.box().h() * TestFrames.SOURCE_HEIGHT).isGreaterThan(p.box().w() * TestFrames.SOURCE_WIDTH);
            }
        }
        assertThat(modelNanos).isNotEmpty();
    }

    @Test
    void paddedRawFramesMapBoxesBackToTheSourceFrame() {
        List<Path> jpegs = TestFrames.jpegs();
        List<Path> raws = TestFrames.paddedRgb24();
        for (int i = 0; i < jpegs.size(); i++) {
            MediaFrame jpeg = new MediaFrame(new StreamKey("cam1", "detector"), "rtspSource", 0, 0, "image/jpeg", null,
                    768, 576, 768, 576, "none", null, TestFrames.read(jpegs.get(i)));
            MediaFrame raw = new MediaFrame(new StreamKey("cam1", "detector"), "rtspSource", 0, 0, "image/x-raw", "rgb24",
                    640, 640, 768, 576, "pad", null, TestFrames.read(raws.get(i)));
            List<Inferences.Entity> a = runner.detect(jpeg).stream().filter(e -> e.tag().equals("person")).toList();
            List<Inferences.Entity> b = runner.detect(raw).stream().filter(e -> e.tag().equals("person")).toList();
            assertThat(b).isNotEmpty();
            // every confident person in the padded frame matches a person of the JPEG frame at the same place
            for (Inferences.Entity e : b) {
                if (e.confidence() < 0.6) {
                    continue;
                }
                double best = a.stream().mapToDouble(o -> iou(o.box(), e.box())).max().orElse(0);
                assertThat(best).as("best IoU of %s among %s", e, a).isGreaterThan(0.6);
            }
        }
    }

    @Test
    void aFrameWithoutObjectsGivesNoEvent() {
        byte[] grey = new byte[640 * 640 * 3];
        java.util.Arrays.fill(grey, (byte) 90);
        MediaFrame frame = new MediaFrame(new StreamKey("cam1", "detector"), "rtspSource", 0, 0, "image/x-raw", "bgr24",
                640, 640, 640, 640, "none", null, grey);
        assertThat(runner.infer(frame)).isEmpty();
    }

    static double iou(Inferences.Box a, Inferences.Box b) {
        double ix = Math.max(0, Math.min(a.l() + a.w(), b.l() + b.w()) - Math.max(a.l(), b.l()));
        double iy = Math.max(0, Math.min(a.t() + a.h(), b.t() + b.h()) - Math.max(a.t(), b.t()));
        double inter = ix * iy;
        return inter / (a.w() * a.h() + b.w() * b.h() - inter);
    }
}
