package io.openlva.sampler.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SampleClockTest {

    private static List<Long> sample(SampleClock clock, double fps, double seconds, long jitterUs) {
        List<Long> taken = new ArrayList<>();
        long frameUs = Math.round(1_000_000 / fps);
        for (long i = 0; i * frameUs < seconds * 1_000_000; i++) {
            long t = 5_000_000 + i * frameUs + (i % 2 == 0 ? jitterUs : -jitterUs);
            if (clock.accept(t)) {
                taken.add(t);
            }
        }
        return taken;
    }

    @Test
    void twoPerSecondFromTenFpsTakesEveryFifthFrame() {
        List<Long> taken = sample(new SampleClock(2), 10, 60, 0);
        assertThat(taken).hasSize(120);
        for (int i = 1; i < taken.size(); i++) {
            assertThat(taken.get(i) - taken.get(i - 1)).isEqualTo(500_000);
        }
    }

    @Test
    void jitteryTimestampsStillGiveTheRateWithoutDrift() {
        List<Long> taken = sample(new SampleClock(1), 25, 100, 1_500);
        assertThat(taken).hasSizeBetween(99, 101);
        for (int i = 1; i < taken.size(); i++) {
            assertThat(taken.get(i) - taken.get(i - 1)).isBetween(960_000L, 1_040_000L);
        }
    }

    @Test
    void rateThatDoesNotDivideTheFrameRateStaysEvenOnAverage() {
        List<Long> taken = sample(new SampleClock(3), 10, 30, 0);
        assertThat(taken).hasSizeBetween(89, 91);
        for (int i = 1; i < taken.size(); i++) {
            assertThat(taken.get(i) - taken.get(i - 1)).isBetween(300_000L, 400_000L);
        }
    }

    @Test
    void rateAboveTheFrameRatePassesEveryFrame() {
        assertThat(sample(new SampleClock(30), 10, 10, 0)).hasSize(100);
    }

    @Test
    void aGapRestartsTheScheduleAndTimeGoingBackResetsIt() {
        SampleClock clock = new SampleClock(2);
        assertThat(clock.accept(0)).isTrue();
        assertThat(clock.accept(100_000)).isFalse();
        assertThat(clock.accept(10_000_000)).isTrue(); // after a gap
        assertThat(clock.accept(10_400_000)).isFalse();
        assertThat(clock.accept(10_500_000)).isTrue();
        assertThat(clock.accept(1_000)).isTrue(); // new session from zero
        assertThat(clock.earliestNextUs()).isEqualTo(1_000 + 500_000 - 10_000);
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> new SampleClock(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
