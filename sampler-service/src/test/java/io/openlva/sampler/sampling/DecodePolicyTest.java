package io.openlva.sampler.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DecodePolicyTest {

    /** Runs a 25 fps stream, GOP 50, through the policy with a sampler taking `rate` frames a second. */
    private static Map<DecodeDecision, Integer> run(double rate, int gop, int frames, int[] sampledOut) {
        DecodePolicy policy = new DecodePolicy();
        SampleClock clock = new SampleClock(rate);
        Map<DecodeDecision, Integer> counts = new EnumMap<>(DecodeDecision.class);
        int sampled = 0;
        for (int i = 0; i < frames; i++) {
            long t = i * 40_000L;
            boolean key = i % gop == 0;
            DecodeDecision d = policy.decide(t, key, clock.earliestNextUs());
            counts.merge(d, 1, Integer::sum);
            if (d != DecodeDecision.SKIP && clock.accept(t)) {
                sampled++;
                assertThat(d).as("a sampled frame is decoded in full").isEqualTo(DecodeDecision.DECODE);
            }
        }
        sampledOut[0] = sampled;
        return counts;
    }

    @Test
    void oneSamplePerSecondDecodesAboutHalfOfEachTwoSecondGop() {
        int[] sampled = new int[1];
        Map<DecodeDecision, Integer> counts = run(1, 50, 750, sampled);
        assertThat(sampled[0]).isBetween(29, 31); // 30 s at 1/s: the rate is kept
        int sent = counts.getOrDefault(DecodeDecision.DECODE, 0) + counts.getOrDefault(DecodeDecision.DECODE_REFERENCE_ONLY, 0);
        assertThat(sent).isLessThan(750 * 6 / 10);
        assertThat(counts.get(DecodeDecision.SKIP)).isGreaterThan(300);
    }

    @Test
    void sparseSamplingDecodesKeyframesOnlyAndSkipsWholeGops() {
        int[] sampled = new int[1];
        Map<DecodeDecision, Integer> counts = run(0.25, 50, 1000, sampled); // one sample every 4 s, GOP 2 s
        assertThat(sampled[0]).isBetween(9, 11);
        int sent = counts.getOrDefault(DecodeDecision.DECODE, 0) + counts.getOrDefault(DecodeDecision.DECODE_REFERENCE_ONLY, 0);
        assertThat(sent).isLessThanOrEqualTo(sampled[0] + 3 * 50); // the first GOPs are learnt in full
    }

    @Test
    void fullRateDecodesEverything() {
        int[] sampled = new int[1];
        Map<DecodeDecision, Integer> counts = run(25, 50, 500, sampled);
        assertThat(sampled[0]).isEqualTo(500);
        assertThat(counts).containsOnlyKeys(DecodeDecision.DECODE);
    }

    @Test
    void irregularKeyframesAreNeverSkippedOver() {
        DecodePolicy policy = new DecodePolicy();
        int[] keys = { 0, 50, 100, 150, 230, 260, 400 };
        int k = 0;
        for (int i = 0; i < 450; i++) {
            boolean key = k < keys.length && keys[k] == i;
            if (key) {
                k++;
            }
            // nothing needed before 9 s (frame 225)
            DecodeDecision d = policy.decide(i * 40_000L, key, 9_000_000);
            if (i >= 230) {
                // the keyframe expected at 200 came at 230: the interval is no longer trusted
                assertThat(d).as("frame %d", i).isNotEqualTo(DecodeDecision.SKIP);
            }
        }
    }

    @Test
    void nothingNeededSkipsOnceTheGopIsKnown() {
        DecodePolicy policy = new DecodePolicy();
        int skipped = 0;
        for (int i = 0; i < 500; i++) {
            if (policy.decide(i * 40_000L, i % 50 == 0, Long.MAX_VALUE) == DecodeDecision.SKIP) {
                skipped++;
            }
        }
        assertThat(skipped).isGreaterThanOrEqualTo(500 - 3 * 50);
    }
}
