package io.openlva.inference.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes the images the sampler sends (and clients post to /score): JPEG, PNG and BMP through ImageIO, and
 * raw frames in the LVA pixel formats rgb24, bgr24, rgba, bgra, argb, abgr and yuv420p.
 */
public final class ImageDecoder {

    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String BMP = "image/bmp";
    public static final String RAW = "image/x-raw";
    /** Largest image decoded unless the caller sets its own cap: 8K UHD (7680×4320). */
    public static final long MAX_PIXELS = 7680L * 4320L;

    private ImageDecoder() {
    }

    /**
     * @param contentType MIME type (parameters after ';' are ignored except for raw, see {@link RawFormat})
     * @param pixelFormat LVA pixel format name for raw images
     * @param width width of a raw image
     * @param height height of a raw image
     */
    public static RgbImage decode(byte[] data, String contentType, String pixelFormat, int width, int height) {
        return decode(data, contentType, pixelFormat, width, height, MAX_PIXELS);
    }

    /** As {@link #decode(byte[], String, String, int, int)}, refusing images of more than {@code maxPixels}. */
    public static RgbImage decode(byte[] data, String contentType, String pixelFormat, int width, int height,
            long maxPixels) {
        if (data == null || data.length == 0) {
            throw new ImageFormatException("empty image");
        }
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(RAW)) {
            checkPixels(width, height, maxPixels);
            return decodeRaw(data, pixelFormat, width, height);
        }
        if (type.isEmpty() || type.equals(JPEG) || type.equals(PNG) || type.equals(BMP) || type.equals("image/jpg")
                || type.equals("application/octet-stream") || type.equals("image/*")) {
            return decodeEncoded(data, maxPixels);
        }
        throw new ImageFormatException("unsupported image content type " + type
                + " (image/jpeg, image/png, image/bmp, image/x-raw)");
    }

    public static RgbImage decodeEncoded(byte[] data) {
        return decodeEncoded(data, MAX_PIXELS);
    }

    /**
     * Decodes a JPEG, PNG or BMP after reading only its header: a small file that declares a huge image (a
     * "pixel bomb") is refused before any pixel memory is allocated.
     */
    public static RgbImage decodeEncoded(byte[] data, long maxPixels) {
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new ImageFormatException("not a JPEG, PNG or BMP image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkPixels(reader.getWidth(0), reader.getHeight(0), maxPixels);
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageFormatException f) {
                throw f;
            }
            throw new ImageFormatException("cannot decode image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new ImageFormatException("not a JPEG, PNG or BMP image");
        }
        return fromBufferedImage(img);
    }

    /**
     * Refuses, from the header alone, an image of more than {@code maxPixels} (raw: its declared size): a cheap
     * check to run before waiting for a turn to decode. Images it cannot read are left to the decoder's error.
     */
    public static void checkPixels(byte[] data, String contentType, int rawWidth, int rawHeight, long maxPixels) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(RAW)) {
            checkPixels(rawWidth, rawHeight, maxPixels);
            return;
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers != null && readers.hasNext()) {
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    checkPixels(reader.getWidth(0), reader.getHeight(0), maxPixels);
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageTooLargeException t) {
                throw t;
            }
        }
    }

    private static void checkPixels(long width, long height, long maxPixels) {
        if (width > 0 && height > 0 && width * height > maxPixels) {
            throw new ImageTooLargeException(width, height, maxPixels);
        }
    }

    public static RgbImage fromBufferedImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < w * h; i++) {
                rgb[i * 3] = bgr[i * 3 + 2];
                rgb[i * 3 + 1] = bgr[i * 3 + 1];
                rgb[i * 3 + 2] = bgr[i * 3];
            }
        } else if (img.getType() == BufferedImage.TYPE_BYTE_GRAY || img.getType() == BufferedImage.TYPE_USHORT_GRAY) {
            // grey values as they are, like FFmpeg and OpenCV: getRGB would treat them as linear and brighten them
            java.awt.image.Raster raster = img.getRaster();
            int shift = img.getType() == BufferedImage.TYPE_USHORT_GRAY ? 8 : 0;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    byte g = (byte) (row[x] >> shift);
                    int o = (y * w + x) * 3;
                    rgb[o] = g;
                    rgb[o + 1] = g;
                    rgb[o + 2] = g;
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    int o = (y * w + x) * 3;
                    rgb[o] = (byte) (p >> 16);
                    rgb[o + 1] = (byte) (p >> 8);
                    rgb[o + 2] = (byte) p;
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    static RgbImage decodeRaw(byte[] data, String pixelFormat, int w, int h) {
        if (w <= 0 || h <= 0) {
            throw new ImageFormatException("raw image without width/height");
        }
        String fmt = pixelFormat == null ? "" : pixelFormat.trim().toLowerCase(Locale.ROOT);
        if ((long) w * h * 4 > Integer.MAX_VALUE - 8) {
            throw new ImageTooLargeException(w, h, (Integer.MAX_VALUE - 8) / 4);
        }
        int pixels = w * h;
        byte[] rgb = fmt.equals("rgb24") ? null : new byte[pixels * 3];
        switch (fmt) {
            case "rgb24" -> {
                need(data, pixels * 3L, fmt, w, h);
                // the frame is already what we need: no copy
                return new RgbImage(w, h, data);
            }
            case "bgr24" -> {
                need(data, pixels * 3L, fmt, w, h);
                for (int i = 0; i < pixels; i++) {
                    rgb[i * 3] = data[i * 3 + 2];
                    rgb[i * 3 + 1] = data[i * 3 + 1];
                    rgb[i * 3 + 2] = data[i * 3];
                }
            }
            case "rgba", "bgra", "argb", "abgr" -> {
                need(data, pixels * 4L, fmt, w, h);
                int r = fmt.indexOf('r');
                int g = fmt.indexOf('g');
                int b = fmt.indexOf('b');
                for (int i = 0; i < pixels; i++) {
                    rgb[i * 3] = data[i * 4 + r];
                    rgb[i * 3 + 1] = data[i * 4 + g];
                    rgb[i * 3 + 2] = data[i * 4 + b];
                }
            }
            case "yuv420p" -> {
                int cw = (w + 1) / 2;
                int ch = (h + 1) / 2;
                need(data, pixels + 2L * cw * ch, fmt, w, h);
                int uBase = pixels;
                int vBase = pixels + cw * ch;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int c = (y / 2) * cw + x / 2;
                        yuvToRgb(data[y * w + x] & 0xff, data[uBase + c] & 0xff, data[vBase + c] & 0xff, rgb, (y * w + x) * 3);
                    }
                }
            }
            default -> throw new ImageFormatException("unsupported raw pixel format '" + pixelFormat
                    + "' (rgb24, bgr24, rgba, bgra, argb, abgr, yuv420p)");
        }
        return new RgbImage(w, h, rgb);
    }

    private static void yuvToRgb(int y, int u, int v, byte[] out, int o) {
        // BT.601 limited range, as FFmpeg's default swscale conversion for SD/HD camera streams.
        int c = y - 16;
        int d = u - 128;
        int e = v - 128;
        out[o] = clip((298 * c + 409 * e + 128) >> 8);
        out[o + 1] = clip((298 * c - 100 * d - 208 * e + 128) >> 8);
        out[o + 2] = clip((298 * c + 516 * d + 128) >> 8);
    }

    private static byte clip(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }

    private static void need(byte[] data, long bytes, String fmt, int w, int h) {
        if (data.length < bytes) {
            throw new ImageFormatException("raw " + fmt + " " + w + "x" + h + " needs " + bytes + " bytes, got " + data.length);
        }
    }
}
