package io.openlva.sampler.support;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.MediaPacket.Codec;
import io.openlva.graph.contract.StreamKey;

/**
 * Reads an MP4's video packets with avformat and turns them into MediaPackets the way ingest does:
 * media time in µs, keyframe flag, extradata and size on keyframes, one session id.
 */
public final class ClipPackets {

    private ClipPackets() {
    }

    public static List<MediaPacket> read(Path clip, StreamKey key, String sessionId) {
        AVFormatContext fmt = new AVFormatContext(null);
        if (avformat_open_input(fmt, clip.toString(), null, null) < 0) {
            throw new IllegalStateException("cannot open " + clip);
        }
        try {
            if (avformat_find_stream_info(fmt, (org.bytedeco.ffmpeg.avutil.AVDictionary) null) < 0) {
                throw new IllegalStateException("no stream info in " + clip);
            }
            int index = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
            AVStream stream = fmt.streams(index);
            AVCodecParameters par = stream.codecpar();
            Codec codec = par.codec_id() == AV_CODEC_ID_HEVC ? Codec.H265 : Codec.H264;
            byte[] extradata = new byte[par.extradata_size()];
            par.extradata().get(extradata);
            AVRational tb = stream.time_base();
            AVRational us = av_make_q(1, 1_000_000);
            List<MediaPacket> out = new ArrayList<>();
            AVPacket pkt = av_packet_alloc();
            long seq = 0;
            long wallStart = System.currentTimeMillis();
            while (av_read_frame(fmt, pkt) >= 0) {
                try {
                    if (pkt.stream_index() != index) {
                        continue;
                    }
                    byte[] data = new byte[pkt.size()];
                    pkt.data().get(data);
                    long pts = pkt.pts() == AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
                    long t = av_rescale_q(pts, tb, us);
                    boolean keyframe = (pkt.flags() & AV_PKT_FLAG_KEY) != 0;
                    out.add(new MediaPacket(key, sessionId, seq++, codec, t, false, wallStart + t / 1000, keyframe,
                            keyframe ? extradata : null, keyframe ? par.width() : 0, keyframe ? par.height() : 0, data));
                } finally {
                    av_packet_unref(pkt);
                }
            }
            av_packet_free(pkt);
            return out;
        } finally {
            avformat_close_input(fmt);
        }
    }
}
