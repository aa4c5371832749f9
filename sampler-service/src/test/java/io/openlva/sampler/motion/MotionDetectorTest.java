package io.openlva.sampler.motion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.Inferences.Box;

class MotionDetectorTest {

    private static final int W = 160;
    private static final int H = 120;

    /** A textured background with mild sensor noise and, optionally, a bright square at (x, y). */
    private static byte[] frame(Random noise, int x, int y, int size) {
        byte[] f = new byte[W * H];
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                int v = 60 + ((r / 8 + c / 8) % 2) * 40 + noise.nextInt(7) - 3;
                if (size > 0 && c >= x && c < x + size && r >= y && r < y + size) {
                    v = 230;
                }
                f[r * W + c] = (byte) v;
            }
        }
        return f;
    }

    @Test
    void aMovingSquareIsBoxedWhereItIs() {
        MotionDetector d = new MotionDetector(W, H, MotionSettings.MEDIUM);
        Random noise = new Random(1);
        for (int i = 0; i < 5; i++) {
            assertThat(d.detect(frame(noise, 0, 0, 0), W, i * 100_000L)).isEmpty();
        }
        List<Box> boxes = List.of();
        for (int i = 5; i < 15; i++) {
            int x = 20 + (i - 5) * 8;
            boxes = d.detect(frame(noise, x, 50, 20), W, i * 100_000L);
        }
        assertThat(boxes).hasSize(1);
        Box b = boxes.get(0);
        double cx = b.l() + b.w() / 2;
        double cy = b.t() + b.h() / 2;
        // square at x = 92..111, y = 50..69 (with some trail of the previous position)
        assertThat(cx * W).isBetween(85.0, 110.0);
        assertThat(cy * H).isBetween(55.0, 65.0);
        assertThat(b.w() * W).isBetween(18.0, 45.0);
        assertThat(b.h() * H).isBetween(18.0, 30.0);
    }

    @Test
    void noiseAloneIsNotMotionAtAnySensitivity() {
        for (MotionSettings s : List.of(MotionSettings.LOW, MotionSettings.MEDIUM, MotionSettings.HIGH)) {
            MotionDetector d = new MotionDetector(W, H, s);
            Random noise = new Random(2);
            for (int i = 0; i < 50; i++) {
                assertThat(d.detect(frame(noise, 0, 0, 0), W, i * 100_000L)).as("%s frame %d", s, i).isEmpty();
            }
        }
    }

    @Test
    void smallChangesAreSeenOnlyByHighSensitivity() {
        int small = 4; // 16 pixels: above HIGH's minimum area, below MEDIUM's and LOW's
        for (MotionSettings s : List.of(MotionSettings.LOW, MotionSettings.MEDIUM, MotionSettings.HIGH)) {
            MotionDetector d = new MotionDetector(W, H, s);
            Random noise = new Random(3);
            for (int i = 0; i < 5; i++) {
                d.detect(frame(noise, 0, 0, 0), W, i * 100_000L);
            }
            List<Box> boxes = d.detect(frame(noise, 70, 60, small), W, 500_000L);
            assertThat(boxes.isEmpty()).as("%s", s).isEqualTo(s != MotionSettings.HIGH);
        }
    }

    @Test
    void aLightSwitchIsNotMotionAndTheBackgroundAdapts() {
        MotionDetector d = new MotionDetector(W, H, MotionSettings.HIGH);
        Random noise = new Random(4);
        for (int i = 0; i < 5; i++) {
            d.detect(frame(noise, 0, 0, 0), W, i * 100_000L);
        }
        byte[] bright = frame(noise, 0, 0, 0);
        for (int i = 0; i < bright.length; i++) {
            bright[i] = (byte) Math.min(255, (bright[i] & 0xff) + 80);
        }
        assertThat(d.detect(bright, W, 600_000L)).isEmpty();
        assertThat(d.detect(bright, W, 700_000L)).isEmpty();
    }

    @Test
    void honoursTheRowStride() {
        int stride = W + 32;
        MotionDetector d = new MotionDetector(W, H, MotionSettings.MEDIUM);
        Random noise = new Random(5);
        List<Box> boxes = List.of();
        for (int i = 0; i < 8; i++) {
            byte[] f = frame(noise, 0, 0, i < 5 ? 0 : 30);
            byte[] padded = new byte[stride * H];
            for (int r = 0; r < H; r++) {
                System.arraycopy(f, r * W, padded, r * stride, W);
                padded[r * stride + W] = (byte) 255; // garbage in the padding must be ignored
            }
            boxes = d.detect(padded, stride, i * 100_000L);
        }
        assertThat(boxes).hasSize(1);
        assertThat(boxes.get(0).l()).isLessThan(0.05);
    }
}
