package io.openlva.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.FloatBuffer;

import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.Inferences.Box;

class GeometryTest {

    @Test
    void letterboxMapsModelCoordinatesBackToTheImage() {
        // 768x576 into 640x640: scale 0.8333, image 640x480, 80 px bars top and bottom
        Letterbox lb = Letterbox.fit(768, 576, 640, 640);
        assertThat(lb.scale()).isCloseTo(640.0 / 768, offset(1e-9));
        assertThat(lb.padX()).isZero();
        assertThat(lb.padY()).isCloseTo(80, offset(1e-9));
        assertThat(lb.toImageY(80)).isCloseTo(0, offset(1e-9));
        assertThat(lb.toImageX(640)).isCloseTo(768, offset(1e-9));
        assertThat(lb.toImageY(560)).isCloseTo(576, offset(1e-9));
    }

    @Test
    void paddedFrameBoxesAreRelativeToTheSourceFrame() {
        // sampler padded 768x576 into 640x640; a box covering the whole picture area (y 80..560) is the full frame
        FrameGeometry g = new FrameGeometry(640, 640, "pad", 768, 576);
        Box full = g.normalize(0, 80, 640, 560);
        assertThat(full.l()).isCloseTo(0, offset(1e-9));
        assertThat(full.t()).isCloseTo(0, offset(1e-9));
        assertThat(full.w()).isCloseTo(1, offset(1e-9));
        assertThat(full.h()).isCloseTo(1, offset(1e-9));
        // a box in the bar is clamped to the frame edge
        Box bar = g.normalize(100, 0, 200, 100);
        assertThat(bar.t()).isZero();
        assertThat(bar.h()).isCloseTo(20.0 / 480, offset(1e-9));
        assertThat(bar.l()).isCloseTo(100.0 / 640, offset(1e-9));
    }

    @Test
    void stretchedFrameBoxesAreRelativeToTheImage() {
        FrameGeometry g = new FrameGeometry(640, 640, "stretch", 768, 576);
        Box b = g.normalize(64, 320, 320, 640);
        assertThat(b.l()).isCloseTo(0.1, offset(1e-9));
        assertThat(b.t()).isCloseTo(0.5, offset(1e-9));
        assertThat(b.w()).isCloseTo(0.4, offset(1e-9));
        assertThat(b.h()).isCloseTo(0.5, offset(1e-9));
    }

    @Test
    void preprocessorLetterboxesOddSizedImagesWithGreyBars() {
        byte[] rgb = new byte[4 * 2 * 3];
        java.util.Arrays.fill(rgb, (byte) 255);
        RgbImage img = new RgbImage(4, 2, rgb);
        FloatBuffer buf = FloatBuffer.allocate(3 * 8 * 8);
        Letterbox lb = Preprocessor.toTensor(img, 8, 8, buf);
        assertThat(lb.scale()).isEqualTo(2.0);
        assertThat(lb.padY()).isEqualTo(2.0);
        assertThat(buf.get(0)).isCloseTo(114f / 255f, offset(1e-6f)); // top bar
        assertThat(buf.get(2 * 8 + 3)).isEqualTo(1f); // picture row 2
        assertThat(buf.get(6 * 8)).isCloseTo(114f / 255f, offset(1e-6f)); // bottom bar
    }
}
