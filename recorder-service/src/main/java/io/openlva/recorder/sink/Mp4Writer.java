package io.openlva.recorder.sink;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

import io.openlva.graph.contract.MediaPacket;

/**
 * Remuxes H.264/H.265 access units into a fragmented MP4 without re-encoding. Each keyframe starts a fragment
 * that is flushed to disk, so a file cut short by a crash plays up to the last complete fragment.
 * Not thread-safe: one writer per file, used by one thread.
 */
public final class Mp4Writer implements AutoCloseable {

    /** Packets carry microseconds. */
    private static final AVRational MICROS = av_make_q(1, 1_000_000);

    private final Path file;
    private final long baseUs;
    private AVFormatContext oc;
    private AVStream stream;
    private AVPacket pkt;
    private PendingPacket pending;
    private long lastDurationUs = 40_000;
    private long lastMediaTimeUs;
    private long bytes;
    private int fragments;
    private long packets;

    private record PendingPacket(long mediaTimeUs, boolean keyframe, byte[] data) {
    }

    /**
     * Opens {@code file} for a stream whose first packet (a keyframe carrying codec config) is {@code first};
     * timestamps in the file count from that packet.
     */
    public Mp4Writer(Path file, MediaPacket first) throws IOException {
        if (!first.keyframe()) {
            throw new IllegalArgumentException("an MP4 must start at a keyframe");
        }
        this.file = file;
        this.baseUs = first.mediaTimeUs();
        Files.createDirectories(file.getParent());
        oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, "mp4", file.toString()), "allocate mp4 muxer");
        stream = avformat_new_stream(oc, null);
        if (stream == null) {
            free();
            throw new IOException("cannot create the video stream");
        }
        AVCodecParameters par = stream.codecpar();
        par.codec_type(AVMEDIA_TYPE_VIDEO);
        par.codec_id(first.codec() == MediaPacket.Codec.H265 ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        par.width(first.width());
        par.height(first.height());
        byte[] config = first.codecConfig();
        if (config != null && config.length > 0) {
            BytePointer extradata = new BytePointer(av_malloc(config.length + AV_INPUT_BUFFER_PADDING_SIZE))
                    .capacity(config.length + AV_INPUT_BUFFER_PADDING_SIZE);
            extradata.zero();
            extradata.put(config, 0, config.length);
            par.extradata(extradata);
            par.extradata_size(config.length);
        }
        stream.time_base(av_make_q(1, 90_000));
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "open " + file);
        oc.pb(pb);
        AVDictionary opts = new AVDictionary(null);
        av_dict_set(opts, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0);
        int ret = avformat_write_header(oc, opts);
        av_dict_free(opts);
        check(ret, "write mp4 header");
        pkt = av_packet_alloc();
        flush("write mp4 header");
        bytes = Files.size(file);
    }

    public Path file() {
        return file;
    }

    /** Adds one access unit. Packets are written one behind, so each gets its true duration. */
    public void write(MediaPacket p) throws IOException {
        if (p.mediaTimeUs() < lastMediaTimeUs && pending != null) {
            // media time went backwards (camera reset): keep the file monotonic
            return;
        }
        if (pending != null) {
            long d = p.mediaTimeUs() - pending.mediaTimeUs();
            if (d > 0) {
                lastDurationUs = d;
            }
            emit(pending, lastDurationUs);
        }
        pending = new PendingPacket(p.mediaTimeUs(), p.keyframe(), p.data());
        lastMediaTimeUs = p.mediaTimeUs();
    }

    private void emit(PendingPacket p, long durationUs) throws IOException {
        boolean startsFragment = p.keyframe() && packets > 0;
        check(av_new_packet(pkt, p.data().length), "allocate packet");
        pkt.data().put(p.data(), 0, p.data().length);
        AVRational tb = stream.time_base();
        long ts = av_rescale_q(p.mediaTimeUs() - baseUs, MICROS, tb);
        pkt.pts(ts);
        pkt.dts(ts);
        pkt.duration(Math.max(1, av_rescale_q(durationUs, MICROS, tb)));
        pkt.stream_index(stream.index());
        pkt.flags(p.keyframe() ? AV_PKT_FLAG_KEY : 0);
        int ret = av_write_frame(oc, pkt);
        av_packet_unref(pkt);
        check(ret, "write packet");
        packets++;
        if (startsFragment) {
            // the previous fragment is complete: push it to disk so a crash keeps it
            flush("write a fragment");
            fragments++;
            bytes = Files.size(file);
        }
    }

    /** Complete fragments on disk: at least one means the file plays. */
    public int fragments() {
        return fragments;
    }

    /** Bytes on disk at the last flush. */
    public long bytes() {
        return bytes;
    }

    /** Media time covered so far (first packet to the last one plus its duration). */
    public long durationUs() {
        return pending == null ? 0 : pending.mediaTimeUs() + lastDurationUs - baseUs;
    }

    public long packets() {
        return packets + (pending != null ? 1 : 0);
    }

    @Override
    public void close() throws IOException {
        if (oc == null) {
            return;
        }
        try {
            if (pending != null) {
                emit(pending, lastDurationUs);
                pending = null;
            }
            check(av_write_trailer(oc), "write trailer");
            flush("write the last fragment");
            fragments++;
        } finally {
            free();
            bytes = Files.exists(file) ? Files.size(file) : 0;
        }
    }

    private void free() {
        if (pkt != null) {
            av_packet_free(pkt);
            pkt = null;
        }
        if (oc != null) {
            if (oc.pb() != null) {
                avio_closep(oc.pb());
            }
            avformat_free_context(oc);
            oc = null;
        }
    }

    /**
     * Pushes buffered bytes to the file. FFmpeg keeps a write error (disk full) in the I/O context instead of
     * returning it: without this check a truncated file would be reported as a good one.
     */
    private void flush(String what) throws IOException {
        avio_flush(oc.pb());
        check(oc.pb().error(), what);
    }

    private static void check(int ret, String what) throws IOException {
        if (ret < 0) {
            byte[] buf = new byte[256];
            av_strerror(ret, buf, buf.length);
            String msg = new String(buf, java.nio.charset.StandardCharsets.US_ASCII).trim();
            int nul = msg.indexOf('\0');
            throw new IOException("cannot " + what + ": " + (nul >= 0 ? msg.substring(0, nul) : msg) + " (" + ret + ")");
        }
    }
}
