package io.openlva.ingest.ownership;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import io.openlva.graph.contract.Topics;

/**
 * The topic the replicas divide among themselves: {@code graph.instances} when it has several partitions, else the
 * dedicated {@code <prefix>ingest.ownership} (created here, short retention: it stays empty).
 */
public record OwnershipTopic(String name, int partitions) {

    /** The dedicated ownership topic, used while the instances topic has a single partition. */
    public static String dedicated(Topics topics) {
        return topics.prefix() + "ingest.ownership";
    }

    /** Chooses (and if needed creates) the ownership topic. */
    public static OwnershipTopic ensure(Admin admin, Topics topics, int dedicatedPartitions) {
        int instancePartitions = partitionsOf(admin, topics.instances());
        if (instancePartitions > 1) {
            return new OwnershipTopic(topics.instances(), instancePartitions);
        }
        String name = dedicated(topics);
        NewTopic topic = new NewTopic(name, Optional.of(dedicatedPartitions), Optional.empty()).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis())));
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating " + name + " timed out", e);
        }
        return new OwnershipTopic(name, partitionsOf(admin, name));
    }

    private static int partitionsOf(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e.getMessage(), e);
        }
    }
}
