package io.openlva.recorder.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.param.SystemVariables;
import io.openlva.recorder.sink.RecorderMetrics;
import io.openlva.recorder.testing.TestStreams;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * A reader that cannot go on takes liveness down (Kubernetes restarts the pod) instead of leaving a recorder that
 * looks alive and records nothing: here the packets reader of a new group with {@code packets-offset-reset=none}
 * (Kafka refuses: no committed offset), against the real broker.
 */
class ReaderFailureTest {

    private static final Topics TOPICS = new Topics("readerfailure.");

    @RegisterExtension
    static final TestStreams streams = TestStreams.forClass(TOPICS);

    @Test
    void aPacketReaderThatFailsBeyondRecoveryTakesLivenessDown() throws Exception {
        ServiceHealth health = new ServiceHealth();
        try (RecorderEngine engine = new RecorderEngine(new RecorderEngine.Options(TOPICS,
                "recorder-" + UUID.randomUUID(), "none", Duration.ofMinutes(1), Duration.ofSeconds(3),
                Duration.ofSeconds(20), GraphEvent.DEFAULT_TOPIC), new KafkaFactory(streams.bootstrapServers()), health,
                new RecorderMetrics(new SimpleMeterRegistry()), SystemVariables::expandRuntime)) {
            engine.apply(List.of()).get();
            assertThat(health.live()).isTrue();
            engine.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !health.live());
            assertThat(health.failures()).containsKey("recorder-packets");
            assertThat(health.failures().get("recorder-packets")).contains("NoOffsetForPartition");
            assertThat(engine.healthy()).isFalse();
            assertThat(engine.problem()).contains("recorder-packets");
        }
    }
}
