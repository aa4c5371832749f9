package io.openlva.ingest.rtsp;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_sdp_create;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.MediaPacket.Codec;

/**
 * One RTSP session through FFmpeg's demuxer: packets as the camera sent them, never decoded. Not
 * thread-safe: one puller thread opens, reads and closes it; another thread may only ask it to stop
 * (the interrupt callback makes a blocked read return).
 */
public final class RtspSession implements AutoCloseable {

    private static final Map<Long, BooleanSupplier> STOP_REQUESTS = new ConcurrentHashMap<>();
    /** One callback for all sessions (JavaCPP callbacks are a scarce native resource): opaque says which. */
    private static final AVIOInterruptCB.Callback_Pointer INTERRUPT;

    static {
        avformat_network_init();
        // FFmpeg's own log goes to stderr with URLs in it; failures are reported through events instead.
        av_log_set_level(AV_LOG_FATAL);
        INTERRUPT = new AVIOInterruptCB.Callback_Pointer() {
            @Override
            public int call(Pointer opaque) {
                BooleanSupplier stop = opaque == null ? null : STOP_REQUESTS.get(opaque.address());
                return stop != null && stop.getAsBoolean() ? 1 : 0;
            }
        };
        INTERRUPT.retainReference();
    }

    private final SourceSpec spec;
    private final LongPointer opaque;
    private final String sessionId = UUID.randomUUID().toString();
    private AVFormatContext ctx;
    private TlsTunnel tunnel;
    private AVPacket packet;
    private int videoIndex;
    private Codec codec;
    private AVRational timeBase;
    private byte[] extradata;
    private int width;
    private int height;
    private String sdp;
    private PacketClock clock;
    private long sequence;

    private RtspSession(SourceSpec spec) {
        this.spec = spec;
        this.opaque = new LongPointer(1);
    }

    /**
     * Connects, reads the session description and finds the video stream.
     *
     * @param stopRequested polled by FFmpeg while it waits: true makes the open (or a later read) return
     */
    public static RtspSession open(SourceSpec spec, RtspSettings settings, BooleanSupplier stopRequested)
            throws SessionFailure {
        RtspSession session = new RtspSession(spec);
        STOP_REQUESTS.put(session.opaque.address(), stopRequested);
        try {
            session.connect(settings);
            return session;
        } catch (SessionFailure | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private void connect(RtspSettings settings) throws SessionFailure {
        String url = spec.urlWithCredentials();
        String transport = spec.transport();
        if (spec.tls()) {
            tunnel = TlsTunnel.open(spec, settings.socketTimeout());
            url = tunnel.localUrl(url);
            transport = "tcp"; // RTSPS is interleaved over the one TLS connection
        }
        ctx = avformat_alloc_context();
        ctx.interrupt_callback().callback(INTERRUPT);
        ctx.interrupt_callback().opaque(opaque);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "rtsp_transport", transport, 0);
        av_dict_set(options, "timeout", Long.toString(settings.socketTimeout().toNanos() / 1000), 0);
        av_dict_set(options, "probesize", Long.toString(Math.max(32, settings.probeSize())), 0);
        av_dict_set(options, "analyzeduration", Long.toString(settings.analyzeDuration().toNanos() / 1000), 0);
        av_dict_set(options, "fpsprobesize", "0", 0);
        // Only the video: audio tracks are never set up, so they cost nothing.
        av_dict_set(options, "allowed_media_types", "video", 0);
        if ("udp".equals(transport)) {
            av_dict_set(options, "buffer_size", Integer.toString(settings.udpBufferBytes()), 0);
        }
        int ret = avformat_open_input(ctx, url, null, options);
        av_dict_free(options);
        if (ret < 0) {
            ctx = null; // avformat_open_input frees the context on failure
            throw failure(ret, "connecting to " + spec.maskedUrl());
        }
        ret = avformat_find_stream_info(ctx, (PointerPointer<?>) null);
        if (ret < 0) {
            throw failure(ret, "reading the stream parameters of " + spec.maskedUrl());
        }
        videoIndex = -1;
        for (int i = 0; i < ctx.nb_streams(); i++) {
            if (ctx.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                videoIndex = i;
                break;
            }
        }
        if (videoIndex < 0) {
            throw new SessionFailure(FailureKind.MEDIA_FORMAT, "NoVideo",
                    "the session of " + spec.maskedUrl() + " has no video track");
        }
        AVStream stream = ctx.streams(videoIndex);
        AVCodecParameters par = stream.codecpar();
        if (par.codec_id() == AV_CODEC_ID_H264) {
            codec = Codec.H264;
        } else if (par.codec_id() == AV_CODEC_ID_HEVC) {
            codec = Codec.H265;
        } else {
            throw new SessionFailure(FailureKind.MEDIA_FORMAT, "UnsupportedCodec", "the video of " + spec.maskedUrl()
                    + " is " + avcodec_get_name(par.codec_id()).getString() + "; only H.264 and H.265 are supported");
        }
        timeBase = new AVRational().num(stream.time_base().num()).den(stream.time_base().den());
        width = par.width();
        height = par.height();
        if (par.extradata() != null && par.extradata_size() > 0) {
            extradata = new byte[par.extradata_size()];
            par.extradata().get(extradata);
        }
        long frameUs = 0;
        AVRational rate = stream.avg_frame_rate().num() > 0 ? stream.avg_frame_rate() : stream.r_frame_rate();
        if (rate.num() > 0 && rate.den() > 0 && rate.num() / (double) rate.den() <= 120) {
            frameUs = 1_000_000L * rate.den() / rate.num();
        }
        clock = new PacketClock(frameUs);
        sdp = describe();
        packet = av_packet_alloc();
    }

    /** The session description FFmpeg derives from the input (the camera's tracks and codec parameters). */
    private String describe() {
        byte[] buf = new byte[16384];
        int ret = av_sdp_create(ctx, 1, buf, buf.length);
        if (ret < 0) {
            return "";
        }
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        return RtspUrls.mask(new String(buf, 0, len, StandardCharsets.UTF_8));
    }

    /**
     * The next access unit of the video track, or null when a stop was requested.
     *
     * @throws SessionFailure when the session broke (camera gone, timeout, end of stream)
     */
    public MediaPacket read() throws SessionFailure {
        while (true) {
            int ret = av_read_frame(ctx, packet);
            if (ret < 0) {
                if (ret == FfmpegErrors.EXIT) {
                    return null;
                }
                throw failure(ret, "reading from " + spec.maskedUrl());
            }
            try {
                if (packet.stream_index() != videoIndex || packet.size() <= 0) {
                    continue;
                }
                return toMediaPacket();
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private MediaPacket toMediaPacket() {
        long captureMs = System.currentTimeMillis();
        byte[] data = new byte[packet.size()];
        packet.data().get(data);
        long ts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
        Long ptsUs = ts == AV_NOPTS_VALUE ? null : Timestamps.toMicros(ts, timeBase.num(), timeBase.den());
        long mediaUs = clock.next(ptsUs);
        boolean keyframe = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
        byte[] config = null;
        if (keyframe) {
            // In-band parameter sets are the camera's current ones (they may change); else the SDP's.
            byte[] inBand = CodecConfig.parameterSets(codec, data);
            config = inBand != null ? inBand : extradata;
        }
        return new MediaPacket(spec.key(), sessionId, sequence++, codec, mediaUs, clock.lastDerived(), captureMs,
                keyframe, config, keyframe ? width : 0, keyframe ? height : 0, data);
    }

    public String sdp() {
        return sdp;
    }

    public Codec codec() {
        return codec;
    }

    public String sessionId() {
        return sessionId;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (ctx != null) {
            avformat_close_input(ctx);
            ctx = null;
        }
        if (tunnel != null) {
            tunnel.close();
            tunnel = null;
        }
        STOP_REQUESTS.remove(opaque.address());
        opaque.close();
    }

    private static SessionFailure failure(int code, String stage) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        return FfmpegErrors.classify(code, stage, new String(buf, 0, len, StandardCharsets.UTF_8));
    }
}
