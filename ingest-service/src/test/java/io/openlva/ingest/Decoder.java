package io.openlva.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

import io.openlva.graph.contract.MediaPacket;

/** Test helper: decodes packets as a consumer starting at a keyframe would (config + keyframe, then the rest). */
final class Decoder {

    private Decoder() {
    }

    /** Decoded pictures (width x height of each) from these packets, the first being a keyframe. */
    static int[] firstPictureSize(List<MediaPacket> fromKeyframe) {
        AVCodec codec = avcodec_find_decoder(fromKeyframe.get(0).codec() == MediaPacket.Codec.H264 ? AV_CODEC_ID_H264 : AV_CODEC_ID_HEVC);
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVPacket pkt = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            if (avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null) < 0) {
                throw new IllegalStateException("cannot open decoder");
            }
            for (int i = 0; i < fromKeyframe.size(); i++) {
                MediaPacket p = fromKeyframe.get(i);
                byte[] data = p.data();
                if (i == 0) {
                    byte[] config = p.codecConfig();
                    byte[] both = new byte[config.length + data.length];
                    System.arraycopy(config, 0, both, 0, config.length);
                    System.arraycopy(data, 0, both, config.length, data.length);
                    data = both;
                }
                BytePointer buf = new BytePointer(data.length + AV_INPUT_BUFFER_PADDING_SIZE);
                buf.put(data, 0, data.length);
                pkt.data(buf).size(data.length);
                pkt.pts(p.mediaTimeUs());
                int ret = avcodec_send_packet(ctx, pkt);
                if (ret < 0) {
                    throw new IllegalStateException("decoder refused packet " + i + ": " + ret);
                }
                if (avcodec_receive_frame(ctx, frame) == 0) {
                    return new int[] {frame.width(), frame.height()};
                }
                buf.close();
            }
            avcodec_send_packet(ctx, null);
            if (avcodec_receive_frame(ctx, frame) == 0) {
                return new int[] {frame.width(), frame.height()};
            }
            return null;
        } finally {
            av_frame_free(frame);
            pkt.data(null).size(0);
            av_packet_free(pkt);
            avcodec_free_context(ctx);
        }
    }
}
