package io.openlva.ingest.rtsp;

import java.io.ByteArrayOutputStream;

import io.openlva.graph.contract.MediaPacket.Codec;

/**
 * Codec configuration from the bitstream itself, for cameras whose SDP carries no parameter sets
 * (no sprop-parameter-sets): the VPS/SPS/PPS NAL units of an Annex-B keyframe, in Annex-B form.
 */
public final class CodecConfig {

    private CodecConfig() {
    }

    /** The parameter-set NAL units of an Annex-B access unit, each with a 4-byte start code; null if none. */
    public static byte[] parameterSets(Codec codec, byte[] au) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = nextStart(au, 0);
        while (i >= 0) {
            int payload = i + startCodeLength(au, i);
            int next = nextStart(au, payload);
            int end = next < 0 ? au.length : next;
            if (payload < end && isParameterSet(codec, au[payload])) {
                out.write(0);
                out.write(0);
                out.write(0);
                out.write(1);
                out.write(au, payload, end - payload);
            }
            i = next;
        }
        return out.size() == 0 ? null : out.toByteArray();
    }

    private static boolean isParameterSet(Codec codec, byte header) {
        if (codec == Codec.H264) {
            int type = header & 0x1F;
            return type == 7 || type == 8; // SPS, PPS
        }
        int type = (header >> 1) & 0x3F;
        return type == 32 || type == 33 || type == 34; // VPS, SPS, PPS
    }

    /** Index of the next 00 00 01 / 00 00 00 01 start code at or after {@code from}, or -1. */
    static int nextStart(byte[] b, int from) {
        for (int i = from; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0) {
                if (b[i + 2] == 1) {
                    return i;
                }
                if (i + 3 < b.length && b[i + 2] == 0 && b[i + 3] == 1) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static int startCodeLength(byte[] b, int i) {
        return b[i + 2] == 1 ? 3 : 4;
    }
}
