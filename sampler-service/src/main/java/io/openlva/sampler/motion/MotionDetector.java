package io.openlva.sampler.motion;

import java.util.ArrayList;
import java.util.List;

import io.openlva.graph.contract.Inferences.Box;

/**
 * Motion on small grey frames (about 160 pixels wide): a running-average background, pixels that differ
 * from it by more than the sensitivity's threshold, an opening to drop compression noise and a dilation to
 * join the parts of one mover, then connected components whose bounding boxes are the motion regions.
 * Plain Java and single-threaded: one instance per stream and node.
 */
public final class MotionDetector {

    /** Background time constant: how long a still object takes to melt into the background. */
    static final double BACKGROUND_SECONDS = 2.0;
    /** More than this fraction changed at once is a light switch or a camera move, not motion. */
    static final double GLOBAL_CHANGE_FRACTION = 0.6;
    /** Frames after (re)initialising the background during which nothing is reported. */
    static final int WARMUP_FRAMES = 2;
    private static final int DILATE_RADIUS = 2;

    private final int width;
    private final int height;
    private final MotionSettings settings;
    private final float[] background;
    private final boolean[] mask;
    private final boolean[] scratch;
    private final int[] labels;
    private final int[] stack;
    private long lastTimeUs = Long.MIN_VALUE;
    private int warmup;

    public MotionDetector(int width, int height, MotionSettings settings) {
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("frame too small for motion detection: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.settings = settings;
        int n = width * height;
        this.background = new float[n];
        this.mask = new boolean[n];
        this.scratch = new boolean[n];
        this.labels = new int[n];
        this.stack = new int[n];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Looks at one grey frame (row-major, {@code stride} bytes per row) taken at {@code mediaTimeUs}.
     *
     * @return the motion regions, normalized to the frame; empty when nothing moved
     */
    public List<Box> detect(byte[] grey, int stride, long mediaTimeUs) {
        if (lastTimeUs == Long.MIN_VALUE || mediaTimeUs < lastTimeUs) {
            initialise(grey, stride, mediaTimeUs);
            return List.of();
        }
        double dt = Math.min(1.0, Math.max(0.001, (mediaTimeUs - lastTimeUs) / 1e6));
        lastTimeUs = mediaTimeUs;
        float alpha = (float) (1 - Math.exp(-dt / BACKGROUND_SECONDS));
        int threshold = settings.pixelThreshold();
        int changed = 0;
        for (int y = 0; y < height; y++) {
            int row = y * stride;
            int o = y * width;
            for (int x = 0; x < width; x++, o++) {
                int v = grey[row + x] & 0xff;
                float b = background[o];
                boolean moving = Math.abs(v - b) > threshold;
                mask[o] = moving;
                if (moving) {
                    changed++;
                }
                // moving pixels enter the background slower, so a walker does not leave a long ghost
                background[o] = b + (moving ? alpha * 0.25f : alpha) * (v - b);
            }
        }
        if (warmup > 0) {
            warmup--;
            return List.of();
        }
        if (changed > GLOBAL_CHANGE_FRACTION * width * height) {
            initialise(grey, stride, mediaTimeUs);
            return List.of();
        }
        if (changed == 0) {
            return List.of();
        }
        erode(mask, scratch);
        dilate(scratch, mask, 1); // opening: isolated noisy pixels are gone
        dilate(mask, scratch, DILATE_RADIUS);
        return regions(scratch, mask);
    }

    private void initialise(byte[] grey, int stride, long mediaTimeUs) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                background[y * width + x] = grey[y * stride + x] & 0xff;
            }
        }
        lastTimeUs = mediaTimeUs;
        warmup = WARMUP_FRAMES;
    }

    /** 3x3 erosion. */
    private void erode(boolean[] in, boolean[] out) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean all = true;
                for (int dy = -1; dy <= 1 && all; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        if (xx >= 0 && xx < width && !in[yy * width + xx]) {
                            all = false;
                            break;
                        }
                    }
                }
                out[y * width + x] = all;
            }
        }
    }

    /** Square dilation, separable: rows then columns. */
    private void dilate(boolean[] in, boolean[] out, int r) {
        boolean[] tmp = new boolean[in.length];
        for (int y = 0; y < height; y++) {
            int run = -1; // last set x
            int o = y * width;
            for (int x = 0; x < width + r; x++) {
                if (x < width && in[o + x]) {
                    run = x;
                }
                int target = x - r;
                if (target >= 0 && target < width) {
                    tmp[o + target] = run >= 0 && run >= target - r;
                }
            }
            // look ahead covered by writing target = x - r after seeing x
        }
        for (int x = 0; x < width; x++) {
            int run = -1;
            for (int y = 0; y < height + r; y++) {
                if (y < height && tmp[y * width + x]) {
                    run = y;
                }
                int target = y - r;
                if (target >= 0 && target < height) {
                    out[target * width + x] = run >= 0 && run >= target - r;
                }
            }
        }
    }

    /**
     * Connected components of the dilated mask {@code m}; a component's area counts only the pixels that
     * really changed ({@code changed}), so dilation joins a mover's parts without inflating small noise.
     */
    private List<Box> regions(boolean[] m, boolean[] changed) {
        int minArea = Math.max(4, (int) Math.ceil(settings.minRegionFraction() * width * height));
        java.util.Arrays.fill(labels, 0);
        List<Box> boxes = new ArrayList<>();
        int label = 0;
        for (int start = 0; start < m.length; start++) {
            if (!m[start] || labels[start] != 0) {
                continue;
            }
            label++;
            int sp = 0;
            stack[sp++] = start;
            labels[start] = label;
            int minX = width, minY = height, maxX = -1, maxY = -1, area = 0;
            while (sp > 0) {
                int p = stack[--sp];
                int x = p % width;
                int y = p / width;
                if (changed[p]) {
                    area++;
                }
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        if (xx < 0 || xx >= width) {
                            continue;
                        }
                        int q = yy * width + xx;
                        if (m[q] && labels[q] == 0) {
                            labels[q] = label;
                            stack[sp++] = q;
                        }
                    }
                }
            }
            if (area >= minArea) {
                boxes.add(new Box((double) minX / width, (double) minY / height,
                        (double) (maxX - minX + 1) / width, (double) (maxY - minY + 1) / height));
            }
        }
        return boxes;
    }
}
