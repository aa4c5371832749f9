package io.openlva.sampler.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.openlva.sampler.image.ScaleGeometry.Mode;

class ScaleGeometryTest {

    @Test
    void noScaleKeepsTheSource() {
        assertThat(ScaleGeometry.of(Mode.NONE, null, null, 1920, 1080, false))
                .isEqualTo(new ScaleGeometry(1920, 1080, 0, 0, 1920, 1080));
    }

    @Test
    void preserveAspectRatioFitsInsideBothOrFollowsOne() {
        assertThat(ScaleGeometry.of(Mode.PRESERVE_ASPECT_RATIO, 416, 416, 1920, 1080, false))
                .isEqualTo(new ScaleGeometry(416, 234, 0, 0, 416, 234));
        assertThat(ScaleGeometry.of(Mode.PRESERVE_ASPECT_RATIO, 416, 416, 1080, 1920, false))
                .isEqualTo(new ScaleGeometry(234, 416, 0, 0, 234, 416));
        assertThat(ScaleGeometry.of(Mode.PRESERVE_ASPECT_RATIO, 640, null, 768, 576, false))
                .isEqualTo(new ScaleGeometry(640, 480, 0, 0, 640, 480));
        assertThat(ScaleGeometry.of(Mode.PRESERVE_ASPECT_RATIO, null, 300, 768, 576, false))
                .isEqualTo(new ScaleGeometry(400, 300, 0, 0, 400, 300));
    }

    @Test
    void padCentresThePicture() {
        ScaleGeometry g = ScaleGeometry.of(Mode.PAD, 416, 416, 1920, 1080, false);
        assertThat(g).isEqualTo(new ScaleGeometry(416, 416, 0, 91, 416, 234));
        assertThat(g.padded()).isTrue();
        ScaleGeometry tall = ScaleGeometry.of(Mode.PAD, 300, 100, 768, 576, true);
        assertThat(tall.width()).isEqualTo(300);
        assertThat(tall.pictureWidth()).isEqualTo(133);
        assertThat(tall.pictureX()).isEqualTo(82); // (300-133)/2 = 83, even for 4:2:0
    }

    @Test
    void stretchIsExact() {
        assertThat(ScaleGeometry.of(Mode.STRETCH, 300, 200, 768, 576, false))
                .isEqualTo(new ScaleGeometry(300, 200, 0, 0, 300, 200));
    }

    @Test
    void padAndStretchNeedBothSides() {
        assertThatThrownBy(() -> ScaleGeometry.of(Mode.PAD, 300, null, 768, 576, false))
                .hasMessageContaining("height");
        assertThatThrownBy(() -> ScaleGeometry.of(Mode.STRETCH, null, 20, 768, 576, false))
                .hasMessageContaining("width");
        assertThatThrownBy(() -> ScaleGeometry.of(Mode.STRETCH, 0, 20, 768, 576, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
