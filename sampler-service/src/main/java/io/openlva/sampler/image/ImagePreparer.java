package io.openlva.sampler.image;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import java.util.HashMap;
import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Turns decoded frames into the images extension nodes asked for: one swscale pass does scale and pixel
 * conversion (into the picture area of a black canvas for {@code pad}), then FFmpeg's mjpeg/png/bmp
 * encoders, or the bare bytes for raw. Native buffers, scalers and encoders are kept per request and
 * reused from frame to frame. One instance per stream; not thread-safe.
 */
public final class ImagePreparer implements AutoCloseable {

    /** Width of the grey frames motion detection looks at. */
    public static final int GREY_WIDTH = 160;

    private final ScaleAlgorithm algorithm;
    private final Map<ImageRequest, Target> targets = new HashMap<>();
    private Scaler greyScaler;
    private AVFrame greyFrame;
    private byte[] grey;

    public ImagePreparer(ScaleAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    public ImagePreparer() {
        this(ScaleAlgorithm.FAST_BILINEAR);
    }

    /** A grey, downscaled copy of the frame for motion detection. */
    public record GreyImage(byte[] pixels, int stride, int width, int height) {
    }

    public PreparedImage prepare(AVFrame source, ImageRequest request) {
        Target target = targets.get(request);
        if (target == null || !target.fits(source)) {
            if (target != null) {
                target.close();
            }
            target = new Target(request, source.width(), source.height(), source.format(), algorithm);
            targets.put(request, target);
        }
        return target.render(source);
    }

    public GreyImage grey(AVFrame source) {
        int w = Math.min(GREY_WIDTH, source.width());
        int h = Math.max(8, (int) Math.round((double) w * source.height() / source.width())) & ~1;
        if (greyFrame == null || greyFrame.width() != w || greyFrame.height() != h) {
            if (greyFrame != null) {
                av_frame_free(greyFrame);
            }
            greyFrame = allocFrame(w, h, AV_PIX_FMT_GRAY8);
            grey = new byte[greyFrame.linesize(0) * h];
        }
        if (greyScaler == null) {
            greyScaler = new Scaler(SWS_AREA);
        }
        greyScaler.scale(source, greyFrame);
        greyFrame.data(0).get(grey, 0, grey.length);
        return new GreyImage(grey, greyFrame.linesize(0), w, h);
    }

    @Override
    public void close() {
        targets.values().forEach(Target::close);
        targets.clear();
        if (greyScaler != null) {
            greyScaler.close();
        }
        if (greyFrame != null) {
            av_frame_free(greyFrame);
            greyFrame = null;
        }
    }

    static AVFrame allocFrame(int w, int h, int format) {
        AVFrame f = av_frame_alloc();
        f.width(w);
        f.height(h);
        f.format(format);
        int rc = av_frame_get_buffer(f, 32);
        if (rc < 0) {
            av_frame_free(f);
            throw new IllegalStateException("cannot allocate a " + w + "x" + h + " image");
        }
        return f;
    }

    /** A swscale context, re-made by FFmpeg only when sizes or formats change. */
    private static final class Scaler implements AutoCloseable {
        private final int flags;
        private SwsContext context;

        Scaler(int flags) {
            this.flags = flags;
        }

        void scale(AVFrame src, AVFrame out) {
            context = sws_getCachedContext(context, src.width(), src.height(), src.format(), out.width(),
                    out.height(), out.format(), flags, null, null, (DoublePointer) null);
            if (context == null) {
                throw new IllegalStateException("swscale cannot convert " + src.width() + "x" + src.height() + " fmt "
                        + src.format() + " to " + out.width() + "x" + out.height() + " fmt " + out.format());
            }
            sws_scale(context, src.data(), src.linesize(), 0, src.height(), out.data(), out.linesize());
        }

        @Override
        public void close() {
            if (context != null) {
                sws_freeContext(context);
                context = null;
            }
        }
    }

    static int bytesPerPixel(int format, int plane) {
        if (format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_GRAY8) {
            return 1;
        }
        if (format == AV_PIX_FMT_RGB24 || format == AV_PIX_FMT_BGR24) {
            return 3;
        }
        if (format == AV_PIX_FMT_RGB565BE || format == AV_PIX_FMT_RGB565LE || format == AV_PIX_FMT_RGB555BE
                || format == AV_PIX_FMT_RGB555LE) {
            return 2;
        }
        return 4;
    }

    /** Everything one request needs: canvas, scaler and encoder. */
    private static final class Target implements AutoCloseable {
        private final Scaler scaler;
        private final ImageRequest request;
        private final int sourceWidth;
        private final int sourceHeight;
        private final int sourceFormat;
        private final ScaleGeometry geometry;
        private final int format;
        private final AVFrame canvas;
        /** pad: the picture is scaled here, then copied into the canvas (swscale may write past a row's end). */
        private final AVFrame picture;
        private AVCodecContext encoder;
        private AVPacket packet;
        private BytePointer rawBuffer;
        private int rawSize;
        private long pts;

        Target(ImageRequest request, int sourceWidth, int sourceHeight, int sourceFormat, ScaleAlgorithm algorithm) {
            this.request = request;
            this.scaler = new Scaler(algorithm.swsFlags());
            this.sourceWidth = sourceWidth;
            this.sourceHeight = sourceHeight;
            this.sourceFormat = sourceFormat;
            this.format = switch (request.encoding()) {
                case JPEG -> AV_PIX_FMT_YUVJ420P;
                case PNG -> AV_PIX_FMT_RGB24;
                case BMP -> AV_PIX_FMT_BGR24;
                case RAW -> request.pixelFormat().avPixelFormat();
            };
            boolean yuv = format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUV420P;
            this.geometry = ScaleGeometry.of(request.mode(), request.width(), request.height(), sourceWidth,
                    sourceHeight, yuv);
            this.canvas = allocFrame(geometry.width(), geometry.height(), format);
            if (geometry.padded()) {
                fillBlack();
                picture = allocFrame(geometry.pictureWidth(), geometry.pictureHeight(), format);
            } else {
                picture = null;
            }
            if (request.encoding() == ImageRequest.Encoding.RAW) {
                rawSize = av_image_get_buffer_size(format, geometry.width(), geometry.height(), 1);
                rawBuffer = new BytePointer(av_malloc(rawSize)).capacity(rawSize);
            } else {
                openEncoder();
            }
        }

        boolean fits(AVFrame source) {
            return source.width() == sourceWidth && source.height() == sourceHeight && source.format() == sourceFormat;
        }

        PreparedImage render(AVFrame source) {
            if (picture == null) {
                scaler.scale(source, canvas);
            } else {
                scaler.scale(source, picture);
                placePicture();
            }
            byte[] bytes = request.encoding() == ImageRequest.Encoding.RAW ? raw() : encode();
            return new PreparedImage(request, geometry.width(), geometry.height(), bytes);
        }

        private byte[] raw() {
            int rc = av_image_copy_to_buffer(rawBuffer, rawSize, canvas.data(), canvas.linesize(), format,
                    geometry.width(), geometry.height(), 1);
            if (rc < 0) {
                throw new IllegalStateException("cannot copy a raw image: " + rc);
            }
            byte[] out = new byte[rawSize];
            rawBuffer.position(0).get(out);
            return out;
        }

        private void openEncoder() {
            int id = switch (request.encoding()) {
                case JPEG -> AV_CODEC_ID_MJPEG;
                case PNG -> AV_CODEC_ID_PNG;
                case BMP -> AV_CODEC_ID_BMP;
                case RAW -> throw new IllegalStateException();
            };
            AVCodec codec = avcodec_find_encoder(id);
            if (codec == null) {
                throw new IllegalStateException("FFmpeg has no " + request.encoding() + " encoder");
            }
            encoder = avcodec_alloc_context3(codec);
            encoder.width(geometry.width());
            encoder.height(geometry.height());
            encoder.pix_fmt(format);
            encoder.time_base(av_make_q(1, 1000));
            encoder.thread_count(1);
            if (request.encoding() == ImageRequest.Encoding.JPEG) {
                encoder.color_range(AVCOL_RANGE_JPEG);
                encoder.flags(encoder.flags() | AV_CODEC_FLAG_QSCALE);
                encoder.global_quality(FF_QP2LAMBDA * jpegQscale(request.quality()));
                // the standard Huffman tables: one pass instead of FFmpeg's default two (optimal tables)
                av_opt_set(encoder.priv_data(), "huffman", "default", 0);
            } else if (request.encoding() == ImageRequest.Encoding.PNG) {
                encoder.compression_level(1); // zlib's fastest: a local extension wants speed, not bytes
            }
            int rc = avcodec_open2(encoder, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            if (rc < 0) {
                throw new IllegalStateException("cannot open the " + request.encoding() + " encoder: " + rc);
            }
            packet = av_packet_alloc();
        }

        private byte[] encode() {
            canvas.pts(pts++);
            if (request.encoding() == ImageRequest.Encoding.JPEG) {
                canvas.quality(encoder.global_quality());
                canvas.color_range(AVCOL_RANGE_JPEG);
            }
            int rc = avcodec_send_frame(encoder, canvas);
            if (rc < 0) {
                throw new IllegalStateException(request.encoding() + " encoder rejected the image: " + rc);
            }
            rc = avcodec_receive_packet(encoder, packet);
            if (rc < 0) {
                throw new IllegalStateException(request.encoding() + " encoder gave no image: " + rc);
            }
            try {
                byte[] out = new byte[packet.size()];
                packet.data().get(out);
                return out;
            } finally {
                av_packet_unref(packet);
            }
        }

        private void placePicture() {
            int planes = av_pix_fmt_count_planes(format);
            boolean yuv = planes == 3;
            for (int p = 0; p < planes; p++) {
                boolean chroma = yuv && p > 0;
                int x = chroma ? geometry.pictureX() / 2 : geometry.pictureX();
                int y = chroma ? geometry.pictureY() / 2 : geometry.pictureY();
                int w = chroma ? (geometry.pictureWidth() + 1) / 2 : geometry.pictureWidth();
                int h = chroma ? (geometry.pictureHeight() + 1) / 2 : geometry.pictureHeight();
                int bpp = bytesPerPixel(format, p);
                BytePointer dst = new BytePointer(canvas.data(p)).position((long) y * canvas.linesize(p) + (long) x * bpp);
                av_image_copy_plane(dst, canvas.linesize(p), picture.data(p), picture.linesize(p), w * bpp, h);
            }
        }

        /** Black everywhere once; the picture area is overwritten by every frame, the bars stay. */
        private void fillBlack() {
            int planes = av_pix_fmt_count_planes(format);
            for (int p = 0; p < planes; p++) {
                int rows = (format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P) && p > 0
                        ? (geometry.height() + 1) / 2 : geometry.height();
                byte value;
                if (format == AV_PIX_FMT_YUV420P) {
                    value = (byte) (p == 0 ? 16 : 128);
                } else if (format == AV_PIX_FMT_YUVJ420P) {
                    value = (byte) (p == 0 ? 0 : 128);
                } else {
                    value = 0;
                }
                int lineSize = canvas.linesize(p);
                byte[] row = new byte[lineSize];
                java.util.Arrays.fill(row, value);
                RawPixelFormat raw = request.pixelFormat();
                if (raw != null && raw.alphaByte() >= 0) {
                    for (int i = raw.alphaByte(); i < row.length; i += 4) {
                        row[i] = (byte) 0xff; // opaque black
                    }
                }
                BytePointer plane = canvas.data(p);
                for (int y = 0; y < rows; y++) {
                    plane.position((long) y * lineSize).put(row, 0, lineSize);
                }
                plane.position(0);
            }
        }

        @Override
        public void close() {
            scaler.close();
            av_frame_free(canvas);
            if (picture != null) {
                av_frame_free(picture);
            }
            if (encoder != null) {
                avcodec_free_context(encoder);
            }
            if (packet != null) {
                av_packet_free(packet);
            }
            if (rawBuffer != null) {
                av_free(rawBuffer.position(0));
            }
        }
    }

    /** LVA's JPEG quality 0-100 (100 best) to FFmpeg's mjpeg qscale 31-2 (2 best). */
    static int jpegQscale(int quality) {
        return Math.max(2, Math.min(31, (int) Math.round(31 - quality * 0.29)));
    }
}
