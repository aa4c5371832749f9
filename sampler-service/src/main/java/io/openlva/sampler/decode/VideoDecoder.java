package io.openlva.sampler.decode;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.util.Arrays;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

import io.openlva.graph.contract.MediaPacket.Codec;

/**
 * One FFmpeg decoder (avcodec) for one stream: created from the codec and the extradata that travels with
 * keyframes, fed packets, giving frames timestamped in media microseconds. Not thread-safe.
 */
public final class VideoDecoder implements AutoCloseable {

    /** AVERROR(EAGAIN) on Linux. */
    private static final int EAGAIN = -11;
    /** AV_FRAME_FLAG_CORRUPT (a macro JavaCPP does not map). */
    private static final int FRAME_FLAG_CORRUPT = 1;

    /** Receives each decoded frame; the frame is only valid during the call. */
    @FunctionalInterface
    public interface FrameSink {
        void onFrame(AVFrame frame, long mediaTimeUs) throws DecodeException;
    }

    static {
        av_log_set_level(AV_LOG_FATAL); // damaged packets are counted and logged by us, not printed per slice
    }

    private final Codec codec;
    private final byte[] extradata;
    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private int skipFrame = AVDISCARD_DEFAULT;
    private boolean closed;

    /**
     * @param threads decoder threads; 1 keeps latency at one frame and lets many streams share the cores
     */
    public VideoDecoder(Codec codec, byte[] extradata, int threads) {
        this.codec = codec;
        this.extradata = extradata == null ? null : extradata.clone();
        AVCodec decoder = avcodec_find_decoder(codec == Codec.H265 ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        if (decoder == null) {
            throw new IllegalStateException("FFmpeg has no decoder for " + codec.wireName());
        }
        context = avcodec_alloc_context3(decoder);
        if (context == null) {
            throw new IllegalStateException("cannot allocate a decoder context");
        }
        if (extradata != null && extradata.length > 0) {
            BytePointer ed = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
            ed.put(extradata, 0, extradata.length);
            context.extradata(ed);
            context.extradata_size(extradata.length);
        }
        context.pkt_timebase(av_make_q(1, 1_000_000));
        context.thread_count(Math.max(1, threads));
        // a damaged frame is reported to us (and dropped) instead of being shown with smeared blocks
        context.flags(context.flags() & ~AV_CODEC_FLAG_OUTPUT_CORRUPT);
        int rc = avcodec_open2(context, decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (rc < 0) {
            release();
            throw new IllegalStateException("cannot open " + codec.wireName() + " decoder: " + error(rc));
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
    }

    public Codec codec() {
        return codec;
    }

    /** Whether this decoder was made for the given codec configuration. */
    public boolean matches(Codec codec, byte[] extradata) {
        return this.codec == codec && (extradata == null || Arrays.equals(this.extradata, extradata));
    }

    /**
     * Sets what FFmpeg may discard (an {@code AVDISCARD_*} value): {@code AVDISCARD_NONREF} when the next
     * frames are not sampled, {@code AVDISCARD_NONKEY} when keyframes alone meet the rate.
     */
    public void skipFrame(int discard) {
        if (discard != skipFrame) {
            context.skip_frame(discard);
            skipFrame = discard;
        }
    }

    /** Sends one access unit and hands every frame it completes to {@code sink}. */
    public void decode(byte[] data, int length, long mediaTimeUs, boolean keyframe, FrameSink sink)
            throws DecodeException {
        int rc = av_new_packet(packet, length);
        if (rc < 0) {
            throw new IllegalStateException("out of memory for a packet of " + length + " bytes");
        }
        try {
            packet.data().put(data, 0, length);
            packet.pts(mediaTimeUs);
            packet.dts(mediaTimeUs);
            if (keyframe) {
                packet.flags(packet.flags() | AV_PKT_FLAG_KEY);
            }
            rc = avcodec_send_packet(context, packet);
        } finally {
            av_packet_unref(packet);
        }
        if (rc < 0 && rc != EAGAIN) {
            throw new DecodeException("decoder rejected a packet at " + mediaTimeUs + " µs: " + error(rc));
        }
        receive(sink);
    }

    /** Drains the frames the decoder still holds (end of stream). */
    public void drain(FrameSink sink) throws DecodeException {
        int rc = avcodec_send_packet(context, null);
        if (rc < 0 && rc != AVERROR_EOF()) {
            return;
        }
        receive(sink);
        avcodec_flush_buffers(context);
    }

    /** Forgets the references after damage, so decoding restarts cleanly at a keyframe. */
    public void flush() {
        avcodec_flush_buffers(context);
    }

    private void receive(FrameSink sink) throws DecodeException {
        while (true) {
            int rc = avcodec_receive_frame(context, frame);
            if (rc == EAGAIN || rc == AVERROR_EOF()) {
                return;
            }
            if (rc < 0) {
                throw new DecodeException("decoder failed: " + error(rc));
            }
            try {
                if ((frame.flags() & FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
                    throw new DecodeException("damaged frame at " + frame.best_effort_timestamp() + " µs");
                }
                long t = frame.best_effort_timestamp();
                sink.onFrame(frame, t == AV_NOPTS_VALUE ? frame.pts() : t);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    static String error(int rc) {
        BytePointer buf = new BytePointer(256);
        try {
            av_strerror(rc, buf, 256);
            byte[] bytes = new byte[256];
            buf.get(bytes);
            int n = 0;
            while (n < bytes.length && bytes[n] != 0) {
                n++;
            }
            return new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (" + rc + ")";
        } finally {
            buf.close();
        }
    }

    private void release() {
        avcodec_free_context(context);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_frame_free(frame);
        av_packet_free(packet);
        release();
    }
}
