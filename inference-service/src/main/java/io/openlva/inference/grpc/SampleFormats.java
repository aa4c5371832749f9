package io.openlva.inference.grpc;

import java.util.Locale;

import io.openlva.graph.contract.MediaFrame;
import io.openlva.inference.image.ImageDecoder;
import io.openlva.inference.image.ImageFormatException;
import io.openlva.inference.grpc.protocol.Dimensions;
import io.openlva.inference.grpc.protocol.MediaDescriptor;
import io.openlva.inference.grpc.protocol.VideoFrameSampleFormat;
import io.openlva.inference.grpc.protocol.VideoFrameSampleFormat.Encoding;
import io.openlva.inference.grpc.protocol.VideoFrameSampleFormat.PixelFormat;

/** A frame's image format as the protocol's media descriptor, and back. Timestamps are in LVA's 90 kHz clock. */
public final class SampleFormats {

    /** The media clock of every session (LVA's). */
    public static final int TIMESCALE = 90_000;

    private SampleFormats() {
    }

    public static MediaDescriptor descriptor(MediaFrame frame) {
        VideoFrameSampleFormat.Builder f = VideoFrameSampleFormat.newBuilder()
                .setDimensions(Dimensions.newBuilder().setWidth(frame.width()).setHeight(frame.height()));
        switch (frame.contentType()) {
            case ImageDecoder.JPEG -> f.setEncoding(Encoding.JPG);
            case ImageDecoder.PNG -> f.setEncoding(Encoding.PNG);
            case ImageDecoder.BMP -> f.setEncoding(Encoding.BMP);
            case ImageDecoder.RAW -> {
                PixelFormat p = pixelFormat(frame.pixelFormat());
                f.setEncoding(Encoding.RAW).setPixelFormat(p).setStrideBytes(frame.width() * bytesPerPixel(p));
            }
            default -> throw new ImageFormatException("no protocol encoding for " + frame.contentType());
        }
        return MediaDescriptor.newBuilder().setTimescale(TIMESCALE).setVideoFrameSampleFormat(f).build();
    }

    private static PixelFormat pixelFormat(String name) {
        try {
            return PixelFormat.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ImageFormatException("no protocol pixel format for '" + name + "'");
        }
    }

    private static int bytesPerPixel(PixelFormat p) {
        return switch (p) {
            case RGB24, BGR24 -> 3;
            case ARGB, RGBA, ABGR, BGRA -> 4;
            case RGB565BE, RGB565LE, RGB555BE, RGB555LE -> 2;
            default -> 1; // yuv420p: the luma plane's stride
        };
    }

    /** The content type of a descriptor's encoding. */
    public static String contentType(VideoFrameSampleFormat f) {
        return switch (f.getEncoding()) {
            case JPG -> ImageDecoder.JPEG;
            case PNG -> ImageDecoder.PNG;
            case BMP -> ImageDecoder.BMP;
            case RAW -> ImageDecoder.RAW;
            default -> throw new ImageFormatException("unknown encoding " + f.getEncodingValue());
        };
    }

    /** LVA's pixel format name (rgb24, bgr24, ...) of a raw descriptor, else null. */
    public static String pixelFormatName(VideoFrameSampleFormat f) {
        return f.getEncoding() == Encoding.RAW ? f.getPixelFormat().name().toLowerCase(Locale.ROOT) : null;
    }

    public static long timestamp(long mediaTimeUs) {
        return Math.max(0, mediaTimeUs) * 9 / 100;
    }

    public static long mediaTimeUs(long timestamp, int timescale) {
        return timescale <= 0 ? timestamp : timestamp * 1_000_000 / timescale;
    }
}
