package io.openlva.graph.model;

import java.util.Locale;

public enum PixelFormat {
    YUV420P, RGB565BE, RGB565LE, RGB555BE, RGB555LE, RGB24, BGR24, ARGB, RGBA, ABGR, BGRA;

    /** The LVA (and FFmpeg) spelling: {@code yuv420p}, {@code bgr24}, ... */
    public String lvaName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PixelFormat fromLva(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
