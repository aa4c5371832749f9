package io.openlva.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceHealthTest {

    @Test
    void readinessNamesTheFirstThingToFixAndLivenessOnlyFailedLoops() {
        ServiceHealth h = new ServiceHealth();
        assertThat(h.readiness(null)).isEqualTo("starting");
        h.starting("waiting for Kafka at 127.0.0.1:1");
        h.kafka("Kafka at 127.0.0.1:1 unreachable: TimeoutException");
        assertThat(h.readiness("joining the ingest group")).isEqualTo("waiting for Kafka at 127.0.0.1:1");
        h.started();
        assertThat(h.readiness(null)).startsWith("Kafka at 127.0.0.1:1 unreachable");
        h.kafka(null);
        h.retrying("packets", "TimeoutException: no answer");
        assertThat(h.readiness(null)).isEqualTo("packets retrying: TimeoutException: no answer");
        assertThat(h.live()).isTrue();
        h.recovered("packets");
        assertThat(h.readiness("joining the ingest group")).isEqualTo("joining the ingest group");
        assertThat(h.readiness(null)).isEqualTo(ServiceHealth.READY);

        h.failed("ownership", "AuthorizationException: denied");
        assertThat(h.live()).isFalse();
        assertThat(h.failures()).containsEntry("ownership", "AuthorizationException: denied");
        assertThat(h.readiness(null)).isEqualTo("ownership failed: AuthorizationException: denied");
    }
}
