package io.openlva.inference.frames;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.StreamKey;

/** Dropped frames: counted per node, one log line a minute per node, DataDropped at most once per interval per node. */
class DropReportsTest {

    private static final StreamKey CAM = new StreamKey("cam", "detector");
    private static final StreamKey OTHER = new StreamKey("yard", "detector");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<GraphEvent> events = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final MutableClock clock = new MutableClock();
    private final DropReports drops = new DropReports(new InferenceMetrics(registry), events::add, Duration.ofSeconds(10),
            Duration.ofMinutes(1), clock, (line, failure) -> log.add(line));

    @Test
    void theFirstDropIsReportedAtOnceAndLaterOnesSummedIntoTheNextEvent() {
        drops.dropped(CAM, "too-old", 1_000_000, "frame is 2500 ms old", true);
        assertThat(events).hasSize(1);
        GraphEvent first = events.get(0);
        assertThat(first.eventType()).isEqualTo(EventTypes.DATA_DROPPED);
        assertThat(first.subject()).isEqualTo("/graphInstances/cam/processors/detector");
        assertThat(first.mediaTimeUs()).isEqualTo(1_000_000);
        assertThat(first.body().get("count").asLong()).isEqualTo(1);
        assertThat(first.body().at("/reasons/too-old").asLong()).isEqualTo(1);
        assertThat(first.body().get("timestamp").asLong()).isEqualTo(Inferences.lvaTimestamp(1_000_000));
        assertThat(first.body().get("errorDetails").asText()).isEqualTo("frame is 2500 ms old");

        // spread frames arrive out of media order: the event spans the earliest to the latest
        long[] mediaTimes = {3_000_000, 2_000_000, 5_000_000, 4_000_000};
        for (long t : mediaTimes) {
            clock.advance(Duration.ofSeconds(1));
            drops.dropped(CAM, "too-old", t, "old", true);
        }
        clock.advance(Duration.ofSeconds(1));
        drops.dropped(CAM, "bad-image", 4_500_000, "not a JPEG", true);
        drops.flush();
        assertThat(events).as("within the interval").hasSize(1);

        clock.advance(Duration.ofSeconds(4));
        drops.flush();
        assertThat(events).as("9 s after the first").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        drops.flush();
        assertThat(events).hasSize(2);
        GraphEvent second = events.get(1);
        assertThat(second.body().get("count").asLong()).isEqualTo(5);
        assertThat(second.body().at("/reasons/too-old").asLong()).isEqualTo(4);
        assertThat(second.body().at("/reasons/bad-image").asLong()).isEqualTo(1);
        assertThat(second.mediaTimeUs()).isEqualTo(2_000_000);
        assertThat(second.body().get("timestamp").asLong()).isEqualTo(Inferences.lvaTimestamp(2_000_000));
        assertThat(second.body().get("lastTimestamp").asLong()).isEqualTo(Inferences.lvaTimestamp(5_000_000));

        drops.flush();
        assertThat(events).as("nothing pending").hasSize(2);
        assertThat(registry.find("openlva.inference.frames.dropped").tags("instance", "cam", "node", "detector", "reason", "too-old")
                .counter().count()).isEqualTo(5);
    }

    @Test
    void oneLogLineAMinutePerNodeSayingWhatWasDroppedMeanwhile() {
        drops.dropped(CAM, "too-old", 0, "old", true);
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofSeconds(1));
            drops.dropped(CAM, i % 2 == 0 ? "too-old" : "model-error", i, "detail " + i, true);
        }
        drops.dropped(OTHER, "bad-image", 0, "garbage", true);
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).contains("cam/detector").contains("1 too-old").contains("old");
        assertThat(log.get(1)).contains("yard/detector").contains("bad-image").contains("garbage");

        clock.advance(Duration.ofSeconds(31));
        drops.dropped(CAM, "too-old", 99, "latest", true);
        assertThat(log).hasSize(3);
        assertThat(log.get(2)).contains("cam/detector").contains("15 model-error, 16 too-old in the last 61 s").contains("latest");
    }

    @Test
    void nodesAreLimitedSeparatelyAndDropsOfGoneNodesAreCountedWithoutEvent() {
        drops.dropped(CAM, "too-old", 1, "old", true);
        drops.dropped(OTHER, "too-old", 2, "old", true);
        assertThat(events).extracting(GraphEvent::instance).containsExactly("cam", "yard");

        drops.dropped(new StreamKey("deleted", "detector"), "no-active-node", 3, "no active node", false);
        drops.dropped(null, "bad-record", -1, "no key", false);
        clock.advance(Duration.ofMinutes(5));
        drops.flush();
        assertThat(events).hasSize(2);
        assertThat(registry.find("openlva.inference.frames.dropped").tags("instance", "deleted", "reason", "no-active-node")
                .counter().count()).isEqualTo(1);
        assertThat(registry.find("openlva.inference.frames.dropped").tags("instance", "unknown", "reason", "bad-record")
                .counter().count()).isEqualTo(1);
        assertThat(log).hasSize(4);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
