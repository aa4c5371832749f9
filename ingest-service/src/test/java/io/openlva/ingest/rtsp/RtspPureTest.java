package io.openlva.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.MediaPacket.Codec;

class RtspPureTest {

    @Test
    void missingTimestampsAreDerivedFromThePreviousOneAndFlagged() {
        PacketClock c = new PacketClock(100_000);
        assertThat(c.next(null)).isZero();
        assertThat(c.lastDerived()).isTrue();
        assertThat(c.next(100_000L)).isEqualTo(100_000);
        assertThat(c.lastDerived()).isFalse();
        assertThat(c.next(140_000L)).isEqualTo(140_000);
        // frame duration learnt from the stamped packets: 40 ms
        assertThat(c.next(null)).isEqualTo(180_000);
        assertThat(c.lastDerived()).isTrue();
        // a timestamp going backwards is not published as such
        assertThat(c.next(150_000L)).isEqualTo(220_000);
        assertThat(c.lastDerived()).isTrue();
        assertThat(c.next(300_000L)).isEqualTo(300_000);
        assertThat(c.lastDerived()).isFalse();
    }

    @Test
    void credentialsGoIntoTheUrlEncodedAndNeverIntoText() {
        assertThat(RtspUrls.withCredentials("rtsp://cam:554/s", "ad min", "p@ss:w/rd"))
                .isEqualTo("rtsp://ad%20min:p%40ss%3Aw%2Frd@cam:554/s");
        assertThat(RtspUrls.withCredentials("rtsp://old:pw@cam/s", "u", "p")).isEqualTo("rtsp://u:p@cam/s");
        assertThat(RtspUrls.withCredentials("rtsp://cam/s", null, null)).isEqualTo("rtsp://cam/s");
        assertThat(RtspUrls.mask("failed to open rtsp://u:secret@cam/s and rtsps://x@y/z"))
                .isEqualTo("failed to open rtsp://***@cam/s and rtsps://***@y/z");
        assertThat(RtspUrls.scheme("RTSPS://cam")).isEqualTo("rtsps");
        assertThat(new SessionFailure(FailureKind.NETWORK, "x", "rtsp://u:secret@cam").details()).doesNotContain("secret");
    }

    @Test
    void ffmpegErrorsMapToLvaDiagnostics() {
        // the hand-spelled codes equal FFmpeg's own
        assertThat(FfmpegErrors.HTTP_UNAUTHORIZED).isEqualTo(avutil.AVERROR_HTTP_UNAUTHORIZED());
        assertThat(FfmpegErrors.HTTP_FORBIDDEN).isEqualTo(avutil.AVERROR_HTTP_FORBIDDEN());
        assertThat(FfmpegErrors.HTTP_NOT_FOUND).isEqualTo(avutil.AVERROR_HTTP_NOT_FOUND());
        assertThat(FfmpegErrors.INVALID_DATA).isEqualTo(avutil.AVERROR_INVALIDDATA());
        assertThat(FfmpegErrors.EOF).isEqualTo(avutil.AVERROR_EOF());
        assertThat(FfmpegErrors.EXIT).isEqualTo(avutil.AVERROR_EXIT());

        assertThat(FfmpegErrors.classify(FfmpegErrors.HTTP_UNAUTHORIZED, "connecting", "401").kind())
                .isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(FfmpegErrors.classify(FfmpegErrors.HTTP_FORBIDDEN, "connecting", null).kind())
                .isEqualTo(FailureKind.AUTHORIZATION);
        assertThat(FfmpegErrors.classify(-111, "connecting", "Connection refused").errorCode()).isEqualTo("ConnectionRefused");
        assertThat(FfmpegErrors.classify(-110, "reading", null).kind()).isEqualTo(FailureKind.NETWORK);
        assertThat(FfmpegErrors.classify(FfmpegErrors.EOF, "reading", null).kind()).isEqualTo(FailureKind.NETWORK);
        assertThat(FfmpegErrors.classify(FfmpegErrors.INVALID_DATA, "reading", null).kind()).isEqualTo(FailureKind.PROTOCOL);
        assertThat(FailureKind.MEDIA_FORMAT.eventType()).endsWith("MediaFormatError");
    }

    @Test
    void parameterSetsAreTakenFromAnAnnexBKeyframe() {
        byte[] au = {0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 1, 0x68, 3, 0, 0, 1, 0x65, 9, 9, 9};
        assertThat(CodecConfig.parameterSets(Codec.H264, au)).containsExactly(0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 1, 0x68, 3);
        assertThat(CodecConfig.parameterSets(Codec.H264, new byte[] {0, 0, 1, 0x41, 5})).isNull();
        // H.265: VPS (32), SPS (33), PPS (34) have type in bits 1-6 of the first header byte
        byte[] hevc = {0, 0, 0, 1, 0x40, 1, 7, 0, 0, 0, 1, 0x42, 1, 8, 0, 0, 0, 1, 0x26, 1, 9};
        assertThat(CodecConfig.parameterSets(Codec.H265, hevc)).containsExactly(0, 0, 0, 1, 0x40, 1, 7, 0, 0, 0, 1, 0x42, 1, 8);
    }

    @Test
    void timestampsConvertWithoutOverflow() {
        assertThat(Timestamps.toMicros(90_000, 1, 90_000)).isEqualTo(1_000_000);
        assertThat(Timestamps.toMicros(3, 1, 90_000)).isEqualTo(33);
        assertThat(Timestamps.toMicros(Long.MAX_VALUE / 2, 1, 90_000)).isEqualTo(
                java.math.BigInteger.valueOf(Long.MAX_VALUE / 2).multiply(java.math.BigInteger.valueOf(1_000_000))
                        .divide(java.math.BigInteger.valueOf(90_000)).longValue());
    }
}
