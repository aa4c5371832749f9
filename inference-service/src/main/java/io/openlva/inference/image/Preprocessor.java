package io.openlva.inference.image;

import java.nio.FloatBuffer;

/**
 * Fills a model input tensor (NCHW, RGB, 0–1 floats) from an image the way YOLO's reference preprocessing does:
 * an image at the input size is copied; any other size is letterboxed (aspect kept, resized with bilinear
 * filtering, centered on grey 114). The sampler normally sends frames at the input size, so the copy is the hot path.
 */
public final class Preprocessor {

    private static final float[] NORM = new float[256];
    static final int PAD = 114;

    static {
        for (int i = 0; i < 256; i++) {
            NORM[i] = i / 255f;
        }
    }

    private Preprocessor() {
    }

    /**
     * Writes into {@code out} (capacity 3*W*H, position 0, limit 3*W*H afterwards) and returns the letterbox used.
     * Rows are written in bulk: per-element puts on a direct buffer cost more than the model's own input copy.
     */
    public static Letterbox toTensor(RgbImage img, int inputWidth, int inputHeight, FloatBuffer out) {
        int plane = inputWidth * inputHeight;
        float[] row = new float[inputWidth];
        byte[] rgb = img.rgb();
        Letterbox lb;
        if (img.width() == inputWidth && img.height() == inputHeight) {
            lb = Letterbox.fit(inputWidth, inputHeight, inputWidth, inputHeight);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < inputHeight; y++) {
                    for (int x = 0, s = y * inputWidth * 3 + c; x < inputWidth; x++, s += 3) {
                        row[x] = NORM[rgb[s] & 0xff];
                    }
                    out.put(c * plane + y * inputWidth, row);
                }
            }
        } else {
            lb = Letterbox.yolo(img.width(), img.height(), inputWidth, inputHeight);
            bilinearLetterbox(img, lb, inputWidth, inputHeight, out, row);
        }
        out.position(0).limit(3 * plane);
        return lb;
    }

    /**
     * Resizes to {@code lb}'s inner size with OpenCV's INTER_LINEAR sampling (pixel centers aligned, two taps per
     * axis, rounded to 8 bits as the reference does before /255) and pads with grey 114.
     */
    private static void bilinearLetterbox(RgbImage img, Letterbox lb, int inputWidth, int inputHeight, FloatBuffer out,
            float[] row) {
        int plane = inputWidth * inputHeight;
        int left = (int) lb.padX();
        int top = (int) lb.padY();
        int innerW = lb.innerWidth();
        int innerH = lb.innerHeight();
        int sw = img.width();
        int sh = img.height();
        byte[] rgb = img.rgb();
        Taps xs = Taps.of(sw, innerW);
        Taps ys = Taps.of(sh, innerH);
        float pad = NORM[PAD];
        for (int y = 0; y < inputHeight; y++) {
            int iy = y - top;
            if (iy < 0 || iy >= innerH) {
                java.util.Arrays.fill(row, pad);
                for (int c = 0; c < 3; c++) {
                    out.put(c * plane + y * inputWidth, row);
                }
                continue;
            }
            int r0 = ys.first[iy] * sw * 3;
            int r1 = ys.second[iy] * sw * 3;
            float fy = ys.weight[iy];
            for (int c = 0; c < 3; c++) {
                java.util.Arrays.fill(row, 0, left, pad);
                java.util.Arrays.fill(row, left + innerW, inputWidth, pad);
                for (int x = 0; x < innerW; x++) {
                    float a = xs.weight[x];
                    int x0 = xs.first[x] * 3 + c;
                    int x1 = xs.second[x] * 3 + c;
                    float upper = (rgb[r0 + x0] & 0xff) * (1 - a) + (rgb[r0 + x1] & 0xff) * a;
                    float lower = (rgb[r1 + x0] & 0xff) * (1 - a) + (rgb[r1 + x1] & 0xff) * a;
                    int v = (int) (upper * (1 - fy) + lower * fy + 0.5f);
                    row[left + x] = NORM[v > 255 ? 255 : v];
                }
                out.put(c * plane + y * inputWidth, row);
            }
        }
    }

    /**
     * The two source pixels of each destination pixel along one axis and the weight of the second, as OpenCV's
     * INTER_LINEAR places them: pixel centers aligned ({@code (d + 0.5) * src / dst - 0.5}), clamped at the edges.
     */
    private record Taps(int[] first, int[] second, float[] weight) {
        static Taps of(int src, int dst) {
            Taps t = new Taps(new int[dst], new int[dst], new float[dst]);
            double scale = (double) src / dst;
            for (int d = 0; d < dst; d++) {
                double s = (d + 0.5) * scale - 0.5;
                int i = (int) Math.floor(s);
                float f = (float) (s - i);
                if (i < 0) {
                    i = 0;
                    f = 0;
                }
                if (i >= src - 1) {
                    i = src - 1;
                    f = 0;
                }
                t.first[d] = i;
                t.second[d] = Math.min(i + 1, src - 1);
                t.weight[d] = f;
            }
            return t;
        }
    }
}
