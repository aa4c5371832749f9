package io.openlva.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void backoffDoublesUpToTheMaximumWithJitterAndResets() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.0, () -> 0.5);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(b.next().toMillis());
        }
        assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
        assertThat(b.attempts()).isEqualTo(8);
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));

        Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, () -> 0.0);
        Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, () -> 0.999);
        assertThat(low.next()).isEqualTo(Duration.ofMillis(800));
        assertThat(high.next().toMillis()).isBetween(1190L, 1200L);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void standardPolicyStaysBetweenOneAndThirtySeconds() {
        Backoff b = Backoff.standard();
        for (int i = 0; i < 12; i++) {
            Duration d = b.next();
            assertThat(d).isBetween(Duration.ofMillis(800), Duration.ofSeconds(30));
        }
        assertThat(b.next()).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(30));
    }

    @Test
    void pauseEndsEarlyWhenInterruptedAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        assertThat(Backoff.pause(Duration.ofSeconds(5))).isFalse();
        assertThat(Thread.interrupted()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(Backoff.pause(Duration.ofMillis(1))).isTrue();
    }
}
