package io.openlva.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.inference.node.FrameDroppedException;

/** A model that ONNX Runtime cannot run on one frame: that frame is dropped as model-error, the next runs. */
class ModelFailureTest {

    @Test
    void aFrameTheModelFailsOnIsDroppedAndTheSessionKeepsWorking() {
        try (ModelCache models = new ModelCache(FragileModel.path().toString(), "auto", List.of(), 1, 1)) {
            OnnxModel model = models.defaultModel();
            assertThat(model.inputWidth()).isEqualTo(FragileModel.SIZE);
            assertThat(model.decoder()).isInstanceOf(YoloV8Decoder.class);
            OnnxExtensionRunner runner = new OnnxExtensionRunner(model, 0.5, 0.45, n -> { });

            assertThat(runner.infer(frame(1, 255))).as("white frame").isPresent();
            assertThatThrownBy(() -> runner.infer(frame(2, 100)))
                    .isInstanceOf(FrameDroppedException.class)
                    .satisfies(e -> assertThat(((FrameDroppedException) e).reason()).isEqualTo("model-error"))
                    .hasMessageContaining("media time 2 us").hasMessageContaining("fragile.onnx");
            assertThat(runner.infer(frame(3, 255))).as("white frame after the failure").isPresent();
        }
    }

    static MediaFrame frame(long mediaTimeUs, int grey) {
        byte[] rgb = new byte[FragileModel.SIZE * FragileModel.SIZE * 3];
        Arrays.fill(rgb, (byte) grey);
        return new MediaFrame(new StreamKey("cam", "fragile"), "rtspSource", mediaTimeUs, 0, "image/x-raw", "rgb24",
                FragileModel.SIZE, FragileModel.SIZE, FragileModel.SIZE, FragileModel.SIZE, "none", null, rgb);
    }
}
