package io.openlva.inference.frames;

import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.OwningService;
import io.openlva.inference.app.InferenceApp;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.RuntimeConfig;
import io.openlva.runtime.ServiceHealth;
import io.openlva.runtime.ServiceStartup;

/**
 * An inference replica without Quarkus (no HTTP layer), for the failover test's worker JVMs and the benchmarks:
 * the runtime's start-up driving an {@link InferenceApp} built by hand.
 */
public final class Replica implements AutoCloseable {

    private record Config(String topicPrefix, String bootstrapServers) implements RuntimeConfig {
        @Override
        public OwningService service() {
            return OwningService.INFERENCE;
        }

        @Override
        public int mediaPartitions() {
            return TopicSpecs.DEFAULT_MEDIA_PARTITIONS;
        }

        @Override
        public Kafka kafka() {
            return () -> bootstrapServers;
        }
    }

    private final ServiceStartup startup;

    private Replica(ServiceStartup startup) {
        this.startup = startup;
    }

    /** Starts the replica in the background: frames are consumed once the graph topics were replayed. */
    public static Replica start(String bootstrapServers, Topics topics, FrameConsumer.Settings settings,
            NodeDirectory nodes, InferenceMetrics metrics) {
        KafkaFactory kafka = new KafkaFactory(bootstrapServers);
        ServiceHealth health = new ServiceHealth();
        InferenceApp app = new InferenceApp(new InferenceApp.Settings(true, settings), topics, kafka, health, nodes,
                metrics);
        ServiceStartup startup = new ServiceStartup(new Config(topics.prefix(), bootstrapServers), topics, kafka, health,
                app);
        startup.start();
        return new Replica(startup);
    }

    @Override
    public void close() {
        startup.stop();
    }
}
