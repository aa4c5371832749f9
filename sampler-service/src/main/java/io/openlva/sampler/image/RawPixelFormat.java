package io.openlva.sampler.image;

import static org.bytedeco.ffmpeg.global.avutil.*;

import java.util.Locale;

/** LVA's raw image pixel formats and the FFmpeg pixel formats that lay the bytes out the same way. */
public enum RawPixelFormat {
    YUV420P("yuv420p", AV_PIX_FMT_YUV420P, -1),
    RGB565BE("rgb565be", AV_PIX_FMT_RGB565BE, -1),
    RGB565LE("rgb565le", AV_PIX_FMT_RGB565LE, -1),
    RGB555BE("rgb555be", AV_PIX_FMT_RGB555BE, -1),
    RGB555LE("rgb555le", AV_PIX_FMT_RGB555LE, -1),
    RGB24("rgb24", AV_PIX_FMT_RGB24, -1),
    BGR24("bgr24", AV_PIX_FMT_BGR24, -1),
    ARGB("argb", AV_PIX_FMT_ARGB, 0),
    RGBA("rgba", AV_PIX_FMT_RGBA, 3),
    ABGR("abgr", AV_PIX_FMT_ABGR, 0),
    BGRA("bgra", AV_PIX_FMT_BGRA, 3);

    private final String lvaName;
    private final int avPixelFormat;
    private final int alphaByte;

    RawPixelFormat(String lvaName, int avPixelFormat, int alphaByte) {
        this.lvaName = lvaName;
        this.avPixelFormat = avPixelFormat;
        this.alphaByte = alphaByte;
    }

    public String lvaName() {
        return lvaName;
    }

    public int avPixelFormat() {
        return avPixelFormat;
    }

    /** Index of the alpha byte within a 4-byte pixel, or -1 when the format has no alpha. */
    public int alphaByte() {
        return alphaByte;
    }

    public static RawPixelFormat fromLvaName(String name) {
        for (RawPixelFormat f : values()) {
            if (f.lvaName.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown raw pixel format " + name);
    }

    @Override
    public String toString() {
        return lvaName.toLowerCase(Locale.ROOT);
    }
}
