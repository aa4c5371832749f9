package io.openlva.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Decoders on synthetic tensors laid out as each model family's head writes them. */
class DecodersTest {

    private static final OutputDecoder.DecodeSettings SETTINGS = new OutputDecoder.DecodeSettings(0.5f, 0.45f, 300);

    /** [1, 4+classes, N]: channel-major, so value (c, a) sits at c*N + a. */
    private static NamedTensor yolov8(int classes, int anchors, float[][] columns) {
        float[] d = new float[(4 + classes) * anchors];
        for (int a = 0; a < columns.length; a++) {
            for (int c = 0; c < columns[a].length; c++) {
                d[c * anchors + a] = columns[a][c];
            }
        }
        return new NamedTensor("output0", new long[] {1, 4 + classes, anchors}, d);
    }

    @Test
    void yolov8PicksBestClassAndSuppressesOverlaps() {
        // anchor 0: class 2 at 0.9; anchor 1: same place, class 2 at 0.8 (suppressed); anchor 2: class 0 at 0.6;
        // anchor 3: below threshold
        NamedTensor t = yolov8(3, 5, new float[][] {
                {100, 100, 40, 20, 0.1f, 0.2f, 0.9f},
                {102, 101, 40, 20, 0.0f, 0.0f, 0.8f},
                {300, 200, 10, 10, 0.6f, 0.0f, 0.0f},
                {50, 50, 10, 10, 0.4f, 0.3f, 0.2f},
        });
        List<Detection> out = new YoloV8Decoder().decode(List.of(t), SETTINGS, 640, 640);
        assertThat(out).hasSize(2);
        Detection first = out.get(0);
        assertThat(first.classId()).isEqualTo(2);
        assertThat(first.score()).isEqualTo(0.9f);
        assertThat(first.x1()).isEqualTo(80f);
        assertThat(first.y1()).isEqualTo(90f);
        assertThat(first.x2()).isEqualTo(120f);
        assertThat(first.y2()).isEqualTo(110f);
        assertThat(out.get(1).classId()).isZero();
    }

    @Test
    void nmsKeepsOverlappingBoxesOfDifferentClasses() {
        NamedTensor t = yolov8(2, 2, new float[][] {
                {100, 100, 40, 40, 0.9f, 0.0f},
                {100, 100, 40, 40, 0.0f, 0.8f},
        });
        assertThat(new YoloV8Decoder().decode(List.of(t), SETTINGS, 640, 640)).extracting(Detection::classId)
                .containsExactly(0, 1);
    }

    @Test
    void yolov5MultipliesObjectnessByClassScore() {
        // rows of cx, cy, w, h, obj, c0, c1
        float[] d = {
                200, 100, 20, 40, 0.9f, 0.1f, 0.8f, // 0.72 class 1
                50, 50, 10, 10, 0.6f, 0.7f, 0.0f, // 0.42 < 0.5: dropped
                10, 10, 5, 5, 0.2f, 1.0f, 0.0f, // objectness below threshold
        };
        NamedTensor t = new NamedTensor("output", new long[] {1, 3, 7}, d);
        List<Detection> out = new YoloV5Decoder().decode(List.of(t), SETTINGS, 640, 640);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).classId()).isEqualTo(1);
        assertThat(out.get(0).score()).isCloseTo(0.72f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(out.get(0).x1()).isEqualTo(190f);
        assertThat(out.get(0).y2()).isEqualTo(120f);
    }

    @Test
    void yoloWithEmbeddedNmsSingleOutput() {
        float[] d = {
                10, 20, 110, 220, 0.95f, 16,
                0, 0, 5, 5, 0.1f, 3,
        };
        List<Detection> out = new YoloNmsDecoder().decode(List.of(new NamedTensor("output0", new long[] {1, 2, 6}, d)),
                SETTINGS, 640, 640);
        assertThat(out).containsExactly(new Detection(16, 0.95f, 10, 20, 110, 220));
    }

    @Test
    void yoloWithEmbeddedNmsSeparateOutputs() {
        List<NamedTensor> outs = List.of(
                new NamedTensor("boxes", new long[] {1, 2, 4}, new float[] {1, 2, 3, 4, 5, 6, 7, 8}),
                new NamedTensor("scores", new long[] {1, 2}, new float[] {0.3f, 0.7f}),
                new NamedTensor("classes", new long[] {1, 2}, new float[] {4, 9}));
        assertThat(new YoloNmsDecoder().decode(outs, SETTINGS, 640, 640)).containsExactly(new Detection(9, 0.7f, 5, 6, 7, 8));
    }

    @Test
    void ssdBoxesAreNormalizedYxAndClassesOneBased() {
        List<NamedTensor> outs = List.of(
                new NamedTensor("detection_boxes", new long[] {1, 2, 4}, new float[] {0.1f, 0.2f, 0.5f, 0.6f, 0, 0, 1, 1}),
                new NamedTensor("detection_classes", new long[] {1, 2}, new float[] {1, 3}),
                new NamedTensor("detection_scores", new long[] {1, 2}, new float[] {0.9f, 0.8f}),
                new NamedTensor("num_detections", new long[] {1}, new float[] {1}));
        List<Detection> out = new SsdDecoder().decode(outs, SETTINGS, 300, 200);
        // num_detections = 1: the second row is ignored
        assertThat(out).hasSize(1);
        Detection d = out.get(0);
        assertThat(d.classId()).isZero();
        assertThat(d.x1()).isCloseTo(60f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(d.y1()).isCloseTo(20f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(d.x2()).isCloseTo(180f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(d.y2()).isCloseTo(100f, org.assertj.core.data.Offset.offset(1e-3f));
    }

    @Test
    void autoDetectsFamilyFromOutputShapes() {
        assertThat(Decoders.select("auto", List.of(new long[] {1, 84, 8400}), List.of("output0"))).isInstanceOf(YoloV8Decoder.class);
        assertThat(Decoders.select(null, List.of(new long[] {1, 25200, 85}), List.of("output"))).isInstanceOf(YoloV5Decoder.class);
        assertThat(Decoders.select("auto", List.of(new long[] {1, 300, 6}), List.of("output0"))).isInstanceOf(YoloNmsDecoder.class);
        assertThat(Decoders.select("auto", List.of(new long[] {1, 100, 4}, new long[] {1, 100}, new long[] {1, 100}, new long[] {1}),
                List.of("detection_boxes", "detection_classes", "detection_scores", "num_detections"))).isInstanceOf(SsdDecoder.class);
        assertThat(Decoders.select("auto", List.of(new long[] {1, -1, 4}, new long[] {1, -1}, new long[] {1, -1}),
                List.of("boxes", "scores", "labels"))).isInstanceOf(YoloNmsDecoder.class);
        assertThat(Decoders.select("yolo11", List.of(), List.of())).isInstanceOf(YoloV8Decoder.class);
        assertThatThrownBy(() -> Decoders.select("auto", List.of(new long[] {1, 1000}), List.of("logits")))
                .hasMessageContaining("modelFamily");
        assertThatThrownBy(() -> Decoders.select("detr", List.of(), List.of())).hasMessageContaining("unknown modelFamily");
    }
}
