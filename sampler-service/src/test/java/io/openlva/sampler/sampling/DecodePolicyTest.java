package io.openlva.sampler.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

/** The policy driven the way the stream worker drives it, against the sampling rule applied to every frame. */
class DecodePolicyTest {

    /** What a run of a 25 fps stream did. */
    record Run(List<Long> sampled, List<Long> reference, int decoded, int droppedUnread,
            Map<DecodeDecision, Integer> decisions) {
    }

    /**
     * A 25 fps stream of {@code frames} frames, keyframes where {@code keyframe} says, through the policy with a
     * consumer taking {@code rate} frames a second. Deferred packets are decoded when a later frame before the
     * next keyframe is decoded, dropped unread at a keyframe, as in the worker.
     */
    private static Run run(double rate, int frames, IntPredicate keyframe) {
        DecodePolicy policy = new DecodePolicy();
        SampleClock clock = new SampleClock(rate);
        SampleClock everyFrame = new SampleClock(rate);
        Map<DecodeDecision, Integer> decisions = new EnumMap<>(DecodeDecision.class);
        List<Long> deferred = new ArrayList<>();
        List<Long> sampled = new ArrayList<>();
        List<Long> reference = new ArrayList<>();
        int decoded = 0;
        int dropped = 0;
        for (int i = 0; i < frames; i++) {
            long t = i * 40_000L;
            boolean key = keyframe.test(i);
            if (everyFrame.accept(t)) {
                reference.add(t);
            }
            DecodeDecision d = policy.decide(t, key, clock.earliestNextUs());
            decisions.merge(d, 1, Integer::sum);
            if (key) {
                dropped += deferred.size();
                deferred.clear();
            }
            if (d == DecodeDecision.DEFER) {
                deferred.add(t);
                continue;
            }
            for (long earlier : deferred) {
                decoded++;
                assertThat(clock.accept(earlier)).as("a deferred frame is never a sample").isFalse();
            }
            deferred.clear();
            decoded++;
            if (clock.accept(t)) {
                sampled.add(t);
                assertThat(d).as("a sampled frame is decoded in full").isEqualTo(DecodeDecision.DECODE);
            }
        }
        return new Run(sampled, reference, decoded, dropped, decisions);
    }

    private static IntPredicate every(int gop) {
        return i -> i % gop == 0;
    }

    @Test
    void oneSamplePerSecondDecodesHalfOfEachTwoSecondGopFromTheFirstOn() {
        Run r = run(1, 750, every(50));
        assertThat(r.sampled()).hasSize(30).isEqualTo(r.reference());
        // per GOP: the keyframe, 24 references, the sample at 1 s; the 24 frames after it are never decoded
        assertThat(r.decoded()).isEqualTo(15 * 26);
        assertThat(r.droppedUnread()).isEqualTo(14 * 24);
        // once the interval is known, the references are decoded as they come, not in a burst at the sample
        assertThat(r.decisions().get(DecodeDecision.DECODE_REFERENCE_ONLY)).isEqualTo(14 * 24);
    }

    @Test
    void aSampleEveryGopDecodesKeyframesOnlyFromTheStart() {
        Run r = run(0.5, 750, every(50)); // one sample every 2 s, GOP 2 s
        assertThat(r.sampled()).hasSize(15).isEqualTo(r.reference());
        assertThat(r.decoded()).isEqualTo(15);
        assertThat(r.sampled()).allMatch(t -> t % 2_000_000 == 0);
    }

    @Test
    void aSampleEveryOtherGopSkipsWholeGops() {
        Run r = run(0.25, 1000, every(50)); // one sample every 4 s, GOP 2 s
        assertThat(r.sampled()).hasSize(10).isEqualTo(r.reference());
        assertThat(r.decoded()).isEqualTo(10);
    }

    @Test
    void fullRateDecodesEverything() {
        Run r = run(25, 500, every(50));
        assertThat(r.sampled()).hasSize(500);
        assertThat(r.decisions()).containsOnlyKeys(DecodeDecision.DECODE);
    }

    @Test
    void aLateOrIrregularKeyframeCostsDecodingNeverASample() {
        int[] keys = { 0, 50, 100, 150, 230, 260, 400, 410, 420, 700 };
        IntPredicate key = i -> java.util.Arrays.stream(keys).anyMatch(k -> k == i);
        for (double rate : new double[] { 0.25, 0.5, 1, 3 }) {
            Run r = run(rate, 800, key);
            assertThat(r.sampled()).as("rate %s", rate).isEqualTo(r.reference());
        }
    }

    @Test
    void ratesThatDoNotDivideTheFrameRateSampleWhatTheRuleSelects() {
        for (double rate : new double[] { 0.3, 0.7, 1.5, 2.5, 7 }) {
            Run r = run(rate, 1000, every(50));
            assertThat(r.sampled()).as("rate %s", rate).isEqualTo(r.reference());
            assertThat(r.decoded()).as("rate %s", rate).isLessThanOrEqualTo(1000);
        }
    }
}
