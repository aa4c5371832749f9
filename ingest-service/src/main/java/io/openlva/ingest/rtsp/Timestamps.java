package io.openlva.ingest.rtsp;

import java.math.BigInteger;

/** Stream time-base units to microseconds. */
public final class Timestamps {

    private Timestamps() {
    }

    /** {@code ts * num / den} seconds in microseconds, rounded down, without overflow. */
    public static long toMicros(long ts, int num, int den) {
        if (den <= 0 || num <= 0) {
            throw new IllegalArgumentException("bad time base " + num + "/" + den);
        }
        long scale = 1_000_000L * num;
        long high = Math.multiplyHigh(ts, scale);
        long low = ts * scale;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return Math.floorDiv(low, den);
        }
        return BigInteger.valueOf(ts).multiply(BigInteger.valueOf(scale)).divide(BigInteger.valueOf(den)).longValue();
    }
}
