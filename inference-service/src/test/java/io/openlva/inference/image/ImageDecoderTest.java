package io.openlva.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    @Test
    void rawRgb24AndBgr24GiveTheSamePicture() {
        byte[] rgb = {(byte) 255, 0, 0, 0, (byte) 255, 0};
        byte[] bgr = {0, 0, (byte) 255, 0, (byte) 255, 0};
        RgbImage a = ImageDecoder.decode(rgb, "image/x-raw", "rgb24", 2, 1);
        RgbImage b = ImageDecoder.decode(bgr, "image/x-raw", "bgr24", 2, 1);
        assertThat(a.rgb()).isEqualTo(b.rgb()).isEqualTo(rgb);
    }

    @Test
    void rawBgraDropsAlpha() {
        byte[] bgra = {10, 20, 30, 40};
        assertThat(ImageDecoder.decode(bgra, "image/x-raw", "bgra", 1, 1).rgb()).containsExactly(30, 20, 10);
    }

    @Test
    void rawSizeMismatchIsAClearError() {
        assertThatThrownBy(() -> ImageDecoder.decode(new byte[10], "image/x-raw", "rgb24", 4, 4))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("needs 48 bytes");
        assertThatThrownBy(() -> ImageDecoder.decode(new byte[48], "image/x-raw", "rgb565le", 4, 4))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("unsupported raw pixel format");
    }

    @Test
    void pngBmpAndJpegDecode() throws IOException {
        BufferedImage img = new BufferedImage(8, 4, BufferedImage.TYPE_3BYTE_BGR);
        var g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 8, 4);
        g.dispose();
        for (String fmt : new String[] {"png", "bmp", "jpeg"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, fmt, out);
            RgbImage decoded = ImageDecoder.decode(out.toByteArray(), "image/" + fmt, null, 0, 0);
            assertThat(decoded.width()).isEqualTo(8);
            assertThat(decoded.height()).isEqualTo(4);
            assertThat(decoded.rgb()[0] & 0xff).as(fmt).isGreaterThan(240);
            assertThat(decoded.rgb()[1] & 0xff).as(fmt).isLessThan(15);
        }
    }

    @Test
    void greyPngKeepsItsGreyValues() throws IOException {
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 100);
        img.getRaster().setSample(3, 1, 0, 200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        RgbImage decoded = ImageDecoder.decode(out.toByteArray(), "image/png", null, 0, 0);
        // as FFmpeg and OpenCV read it: the grey value in every channel, no gamma applied
        assertThat(decoded.rgb()[0] & 0xff).isEqualTo(100);
        assertThat(decoded.rgb()[2] & 0xff).isEqualTo(100);
        assertThat(decoded.rgb()[(1 * 4 + 3) * 3 + 1] & 0xff).isEqualTo(200);
        assertThat(decoded.rgb()[3] & 0xff).isZero();
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> ImageDecoder.decode("not an image".getBytes(), "image/jpeg", null, 0, 0))
                .isInstanceOf(ImageFormatException.class);
        assertThatThrownBy(() -> ImageDecoder.decode(new byte[4], "video/mp4", null, 0, 0))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("unsupported image content type");
    }
}
