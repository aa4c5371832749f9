package io.openlva.runtime;

import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.OwningService;

/** The runtime's configuration without Quarkus, for tests that build the beans by hand. */
record TestConfig(OwningService service, String topicPrefix, int mediaPartitions, String bootstrapServers)
        implements RuntimeConfig {

    static TestConfig of(String bootstrapServers, Topics topics) {
        return new TestConfig(OwningService.INGEST, topics.prefix(), 1, bootstrapServers);
    }

    @Override
    public Kafka kafka() {
        return () -> bootstrapServers;
    }
}
