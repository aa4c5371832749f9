package io.openlva.sampler.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import javax.imageio.ImageIO;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.sampler.decode.VideoDecoder;
import io.openlva.sampler.image.ImageRequest.Encoding;
import io.openlva.sampler.image.ScaleGeometry.Mode;

/** Real frames from vtest (768x576) through swscale and FFmpeg's encoders, read back with ImageIO. */
class ImagePreparerTest {

    private static VideoDecoder decoder;
    private static ImagePreparer preparer;
    private static List<MediaPacket> packets;

    @BeforeAll
    static void open() {
        packets = ClipPackets.read(SampleClips.vtest(), new StreamKey("t", "cam"), "s").subList(0, 5);
        decoder = new VideoDecoder(packets.get(0).codec(), packets.get(0).codecConfig(), 1);
        preparer = new ImagePreparer();
    }

    @AfterAll
    static void close() {
        preparer.close();
        decoder.close();
    }

    /** Prepares the first decoded frame of the clip. */
    private static PreparedImage prepare(ImageRequest request) throws Exception {
        PreparedImage[] out = new PreparedImage[1];
        decoder.flush();
        for (MediaPacket p : packets) {
            decoder.decode(p.data(), p.data().length, p.mediaTimeUs(), p.keyframe(), (AVFrame f, long t) -> {
                if (out[0] == null) {
                    out[0] = preparer.prepare(f, request);
                }
            });
            if (out[0] != null) {
                break;
            }
        }
        return out[0];
    }

    private static BufferedImage read(PreparedImage image) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(image.data()));
        assertThat(img).as("%s decodes", image.request().encoding()).isNotNull();
        return img;
    }

    @Test
    void everyScaleModeGivesItsExactSize() throws Exception {
        record Case(ImageRequest request, int w, int h) {
        }
        for (Case c : List.of(
                new Case(new ImageRequest(Mode.NONE, null, null, Encoding.JPEG, 90, null), 768, 576),
                new Case(new ImageRequest(Mode.PRESERVE_ASPECT_RATIO, 416, 416, Encoding.JPEG, 90, null), 416, 312),
                new Case(new ImageRequest(Mode.PRESERVE_ASPECT_RATIO, null, 300, Encoding.PNG, 0, null), 400, 300),
                new Case(new ImageRequest(Mode.PAD, 416, 416, Encoding.BMP, 0, null), 416, 416),
                new Case(new ImageRequest(Mode.STRETCH, 333, 111, Encoding.JPEG, 50, null), 333, 111))) {
            PreparedImage img = prepare(c.request());
            assertThat(img.width()).isEqualTo(c.w());
            assertThat(img.height()).isEqualTo(c.h());
            BufferedImage back = read(img);
            assertThat(back.getWidth()).as("%s", c).isEqualTo(c.w());
            assertThat(back.getHeight()).as("%s", c).isEqualTo(c.h());
        }
    }

    @Test
    void padLetterboxesWithBlackBarsAndTheCentredPicture() throws Exception {
        // 768x576 (4:3) into 416x416: picture 416x312 at y = 52, bars of 52 rows above and below
        BufferedImage img = read(prepare(new ImageRequest(Mode.PAD, 416, 416, Encoding.PNG, 0, null)));
        assertThat(meanLuma(img, 0, 0, 416, 50)).isLessThan(2);
        assertThat(meanLuma(img, 0, 366, 416, 50)).isLessThan(2);
        assertThat(meanLuma(img, 0, 54, 416, 308)).isGreaterThan(40);
        // the picture starts exactly at row 52 and ends at row 363
        assertThat(meanLuma(img, 0, 51, 416, 1)).isLessThan(2);
        assertThat(meanLuma(img, 0, 52, 416, 1)).isGreaterThan(20);
        assertThat(meanLuma(img, 0, 363, 416, 1)).isGreaterThan(20);
        assertThat(meanLuma(img, 0, 364, 416, 1)).isLessThan(2);

        // tall box: bars left and right
        BufferedImage side = read(prepare(new ImageRequest(Mode.PAD, 400, 200, Encoding.JPEG, 95, null)));
        assertThat(side.getWidth()).isEqualTo(400);
        int pictureW = 267; // 200 * 4 / 3
        int left = (400 - pictureW) / 2 & ~1;
        assertThat(meanLuma(side, 0, 0, left - 2, 200)).isLessThan(4);
        assertThat(meanLuma(side, left + pictureW + 2, 0, 400 - left - pictureW - 2, 200)).isLessThan(4);
        assertThat(meanLuma(side, left + 4, 0, pictureW - 8, 200)).isGreaterThan(40);
    }

    @Test
    void rawFormatsHaveTheirExactByteSize() throws Exception {
        int w = 320;
        int h = 240;
        for (RawPixelFormat f : RawPixelFormat.values()) {
            PreparedImage img = prepare(new ImageRequest(Mode.STRETCH, w, h, Encoding.RAW, 0, f));
            int expected = switch (f) {
                case YUV420P -> w * h * 3 / 2;
                case RGB24, BGR24 -> w * h * 3;
                case RGB565BE, RGB565LE, RGB555BE, RGB555LE -> w * h * 2;
                default -> w * h * 4;
            };
            assertThat(img.data()).as("%s", f).hasSize(expected);
            assertThat(img.pixelFormatName()).isEqualTo(f.lvaName());
        }
    }

    @Test
    void rawChannelsAreInTheirNamedOrder() throws Exception {
        PreparedImage rgb = prepare(new ImageRequest(Mode.STRETCH, 64, 48, Encoding.RAW, 0, RawPixelFormat.RGB24));
        PreparedImage bgr = prepare(new ImageRequest(Mode.STRETCH, 64, 48, Encoding.RAW, 0, RawPixelFormat.BGR24));
        PreparedImage argb = prepare(new ImageRequest(Mode.PAD, 64, 64, Encoding.RAW, 0, RawPixelFormat.ARGB));
        for (int i = 0; i < 64 * 48; i += 97) {
            assertThat(rgb.data()[i * 3] & 0xff).isCloseTo(bgr.data()[i * 3 + 2] & 0xff, within(8)); // swscale dithers each format its own way
            assertThat(rgb.data()[i * 3 + 2] & 0xff).isCloseTo(bgr.data()[i * 3] & 0xff, within(8)); // swscale dithers each format its own way
        }
        // pad bars of an alpha format are opaque black
        assertThat(argb.data()[0]).isEqualTo((byte) 0xff);
        assertThat(argb.data()[1]).isZero();
    }

    @Test
    void jpegQualityChangesTheSize() throws Exception {
        int low = prepare(new ImageRequest(Mode.NONE, null, null, Encoding.JPEG, 10, null)).data().length;
        int high = prepare(new ImageRequest(Mode.NONE, null, null, Encoding.JPEG, 95, null)).data().length;
        assertThat(high).isGreaterThan(low * 2);
    }

    private static double meanLuma(BufferedImage img, int x, int y, int w, int h) {
        long sum = 0;
        for (int yy = y; yy < y + h; yy++) {
            for (int xx = x; xx < x + w; xx++) {
                int rgb = img.getRGB(xx, yy);
                sum += (((rgb >> 16) & 0xff) * 3 + ((rgb >> 8) & 0xff) * 6 + (rgb & 0xff)) / 10;
            }
        }
        return sum / (double) (w * h);
    }
}
