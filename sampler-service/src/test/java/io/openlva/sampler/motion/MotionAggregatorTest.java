package io.openlva.sampler.motion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.Inferences.Box;
import io.openlva.sampler.motion.MotionAggregator.MotionEvent;

class MotionAggregatorTest {

    private static final Box A = new Box(0.1, 0.1, 0.2, 0.2);
    private static final Box B = new Box(0.2, 0.2, 0.2, 0.2); // overlaps A
    private static final Box C = new Box(0.7, 0.7, 0.1, 0.1);

    @Test
    void withoutAWindowEachMovingFrameIsAnEvent() {
        MotionAggregator a = new MotionAggregator(0);
        assertThat(a.offer(0, List.of(A))).containsExactly(new MotionEvent(0, List.of(A)));
        assertThat(a.offer(100, List.of())).isEmpty();
        assertThat(a.flush()).isEmpty();
    }

    @Test
    void aWindowGathersRegionsIntoOneEventAtItsFirstFrame() {
        MotionAggregator a = new MotionAggregator(1_000_000);
        assertThat(a.offer(0, List.of())).isEmpty();
        assertThat(a.offer(100_000, List.of(A))).isEmpty();
        assertThat(a.offer(500_000, List.of(B, C))).isEmpty();
        List<MotionEvent> out = a.offer(1_100_000, List.of(C));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).mediaTimeUs()).isEqualTo(100_000);
        assertThat(out.get(0).regions()).hasSize(2).contains(C);
        Box merged = out.get(0).regions().get(0);
        assertThat(new double[] { merged.l(), merged.t(), merged.w(), merged.h() })
                .containsExactly(new double[] { 0.1, 0.1, 0.3, 0.3 }, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.flush()).contains(new MotionEvent(1_100_000, List.of(C)));
        assertThat(a.flush()).isEmpty();
    }
}
