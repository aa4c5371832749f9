package io.openlva.inference.image;

import java.nio.FloatBuffer;

/**
 * Fills a model input tensor (NCHW, RGB, 0–1 floats) from an image, letterboxing with YOLO's grey (114) when the
 * image is not already the input size (the sampler normally sends it at the right size, so this is a copy).
 */
public final class Preprocessor {

    private static final float PAD = 114f / 255f;
    private static final float[] NORM = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            NORM[i] = i / 255f;
        }
    }

    private Preprocessor() {
    }

    /** Writes into {@code out} (capacity 3*W*H) and returns the letterbox used; no per-frame allocation. */
    public static Letterbox toTensor(RgbImage img, int inputWidth, int inputHeight, FloatBuffer out) {
        Letterbox lb = Letterbox.fit(img.width(), img.height(), inputWidth, inputHeight);
        int plane = inputWidth * inputHeight;
        byte[] rgb = img.rgb();
        out.clear();
        if (lb.scale() == 1 && lb.padX() == 0 && lb.padY() == 0) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0, s = c; i < plane; i++, s += 3) {
                    out.put(NORM[rgb[s] & 0xff]);
                }
            }
        } else {
            for (int i = 0; i < 3 * plane; i++) {
                out.put(i, PAD);
            }
            int x0 = (int) Math.round(lb.padX());
            int y0 = (int) Math.round(lb.padY());
            int w = Math.min(inputWidth - x0, (int) Math.round(img.width() * lb.scale()));
            int h = Math.min(inputHeight - y0, (int) Math.round(img.height() * lb.scale()));
            for (int y = 0; y < h; y++) {
                // nearest neighbour: the sampler already scaled with FFmpeg; this path is for odd-sized inputs
                int sy = Math.min(img.height() - 1, (int) ((y + 0.5) / lb.scale()));
                for (int x = 0; x < w; x++) {
                    int sx = Math.min(img.width() - 1, (int) ((x + 0.5) / lb.scale()));
                    int s = (sy * img.width() + sx) * 3;
                    int d = (y + y0) * inputWidth + x + x0;
                    out.put(d, NORM[rgb[s] & 0xff]);
                    out.put(plane + d, NORM[rgb[s + 1] & 0xff]);
                    out.put(2 * plane + d, NORM[rgb[s + 2] & 0xff]);
                }
            }
            out.position(3 * plane);
            lb = new Letterbox(img.width(), img.height(), inputWidth, inputHeight, lb.scale(), x0, y0);
        }
        out.flip();
        return lb;
    }
}
