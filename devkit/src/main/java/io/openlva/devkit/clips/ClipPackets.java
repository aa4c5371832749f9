package io.openlva.devkit.clips;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;

/**
 * A clip's video as the MediaPackets ingest-service publishes: the demuxer's access units untouched, media time from
 * the pts in microseconds, keyframe flag, codec configuration (extradata) and picture size on every keyframe, one
 * session id, sequence numbers from 0. The caller's module needs FFmpeg (org.bytedeco:ffmpeg and its natives).
 */
public final class ClipPackets {

    private ClipPackets() {
    }

    /** Capture time = {@code captureBaseMs} + media time; a session id of its own. */
    public static List<MediaPacket> read(Path clip, StreamKey key, long captureBaseMs) {
        return read(clip, key, "test-" + System.nanoTime(), captureBaseMs);
    }

    /** Capture time = now + media time. */
    public static List<MediaPacket> read(Path clip, StreamKey key, String sessionId) {
        return read(clip, key, sessionId, System.currentTimeMillis());
    }

    public static List<MediaPacket> read(Path clip, StreamKey key, String sessionId, long captureBaseMs) {
        AVFormatContext fmt = new AVFormatContext(null);
        if (avformat_open_input(fmt, clip.toString(), null, null) < 0) {
            throw new IllegalStateException("cannot open " + clip);
        }
        AVPacket pkt = av_packet_alloc();
        try {
            if (avformat_find_stream_info(fmt, (AVDictionary) null) < 0) {
                throw new IllegalStateException("no stream info in " + clip);
            }
            int video = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (video < 0) {
                throw new IllegalStateException("no video in " + clip);
            }
            AVStream stream = fmt.streams(video);
            AVCodecParameters par = stream.codecpar();
            MediaPacket.Codec codec = par.codec_id() == AV_CODEC_ID_HEVC ? MediaPacket.Codec.H265 : MediaPacket.Codec.H264;
            byte[] extradata = new byte[par.extradata_size()];
            par.extradata().get(extradata);
            List<MediaPacket> out = new ArrayList<>();
            long seq = 0;
            while (av_read_frame(fmt, pkt) >= 0) {
                try {
                    if (pkt.stream_index() != video) {
                        continue;
                    }
                    long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                    long us = av_rescale_q(ts, stream.time_base(), av_make_q(1, 1_000_000));
                    boolean keyframe = (pkt.flags() & AV_PKT_FLAG_KEY) != 0;
                    byte[] data = new byte[pkt.size()];
                    pkt.data().get(data);
                    out.add(new MediaPacket(key, sessionId, seq++, codec, us, false, captureBaseMs + us / 1000, keyframe,
                            keyframe ? extradata : null, keyframe ? par.width() : 0, keyframe ? par.height() : 0, data));
                } finally {
                    av_packet_unref(pkt);
                }
            }
            return out;
        } finally {
            av_packet_free(pkt);
            avformat_close_input(fmt);
        }
    }
}
