package io.openlva.recorder.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
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

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;

/**
 * Reads a sample MP4 with avformat into MediaPackets the way ingest-service publishes them: the demuxer's
 * access units untouched, media time from the pts in microseconds, keyframe flag, codec config (extradata)
 * and size on every keyframe.
 */
public final class ClipPackets {

    private ClipPackets() {
    }

    /** All video packets of {@code clip}, capture time = {@code captureBaseMs} + media time. */
    public static List<MediaPacket> read(Path clip, StreamKey key, long captureBaseMs) {
        AVFormatContext ic = new AVFormatContext(null);
        if (avformat_open_input(ic, clip.toString(), null, null) < 0) {
            throw new IllegalStateException("cannot open " + clip);
        }
        AVPacket pkt = av_packet_alloc();
        try {
            avformat_find_stream_info(ic, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            int video = -1;
            for (int i = 0; i < ic.nb_streams(); i++) {
                if (ic.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                    video = i;
                    break;
                }
            }
            if (video < 0) {
                throw new IllegalStateException("no video in " + clip);
            }
            AVStream st = ic.streams(video);
            AVCodecParameters par = st.codecpar();
            byte[] extradata = new byte[par.extradata_size()];
            par.extradata().get(extradata);
            MediaPacket.Codec codec = par.codec_id() == AV_CODEC_ID_HEVC ? MediaPacket.Codec.H265 : MediaPacket.Codec.H264;
            String session = "test-" + System.nanoTime();
            List<MediaPacket> out = new ArrayList<>();
            long seq = 0;
            while (av_read_frame(ic, pkt) >= 0) {
                try {
                    if (pkt.stream_index() != video) {
                        continue;
                    }
                    long ts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                    long us = av_rescale_q(ts, st.time_base(), av_make_q(1, 1_000_000));
                    boolean key0 = (pkt.flags() & AV_PKT_FLAG_KEY) != 0;
                    byte[] data = new byte[pkt.size()];
                    pkt.data().get(data);
                    out.add(new MediaPacket(key, session, seq++, codec, us, false, captureBaseMs + us / 1000, key0,
                            key0 ? extradata : null, key0 ? par.width() : 0, key0 ? par.height() : 0, data));
                } finally {
                    av_packet_unref(pkt);
                }
            }
            return out;
        } finally {
            av_packet_free(pkt);
            avformat_close_input(ic);
        }
    }
}
