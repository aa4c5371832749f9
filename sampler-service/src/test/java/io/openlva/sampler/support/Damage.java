package io.openlva.sampler.support;

import java.util.Arrays;
import java.util.Random;

import io.openlva.graph.contract.MediaPacket;

/** Damaged copies of real packets, as a lossy network or a broken camera delivers them. */
public final class Damage {

    private Damage() {
    }

    /** The packet with its payload replaced by random bytes of the same length. */
    public static MediaPacket garbage(MediaPacket p) {
        byte[] b = new byte[p.data().length];
        new Random(7).nextBytes(b);
        return withData(p, b);
    }

    /** The packet cut to a third of its payload. */
    public static MediaPacket truncated(MediaPacket p) {
        return withData(p, Arrays.copyOf(p.data(), p.data().length / 3));
    }

    private static MediaPacket withData(MediaPacket p, byte[] data) {
        return new MediaPacket(p.key(), p.sessionId(), p.sequence(), p.codec(), p.mediaTimeUs(), p.mediaTimeDerived(),
                p.captureTimeMs(), p.keyframe(), p.codecConfig(), p.width(), p.height(), data);
    }
}
