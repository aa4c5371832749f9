package io.openlva.sampler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.openlva.sampler.support.LogCapture;

class ThrottledLogTest {

    @Test
    void oneLinePerKeyAndMinuteSayingHowManyWereHeldBack() {
        AtomicLong now = new AtomicLong(0);
        ThrottledLog log = new ThrottledLog(Logger.getLogger(ThrottledLogTest.class), ThrottledLog.PERIOD_NANOS, now::get);
        try (LogCapture capture = new LogCapture(ThrottledLogTest.class)) {
            assertThat(log.warn("inst/cam1", "bad packet %d on %s", 1, "inst/cam1")).isTrue();
            for (int i = 2; i <= 5; i++) {
                now.addAndGet(10_000_000_000L); // every 10 s
                assertThat(log.warn("inst/cam1", "bad packet %d on %s", i, "inst/cam1")).isFalse();
            }
            assertThat(log.warn("inst/cam2", "bad packet on %s", "inst/cam2")).as("another node has its own minute").isTrue();
            now.addAndGet(20_000_000_000L); // 60 s after the first line
            assertThat(log.warn("inst/cam1", "bad packet %d on %s", 6, "inst/cam1")).isTrue();

            assertThat(capture.warnings("inst/cam1")).containsExactly("bad packet 1 on inst/cam1",
                    "bad packet 6 on inst/cam1 (4 more since the last line about it)");
            assertThat(capture.warnings("inst/cam2")).hasSize(1);
        }
    }
}
