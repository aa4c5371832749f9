package io.openlva.graph.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import io.openlva.graph.KafkaTestSupport;

class TopicSpecsTest {

    @Test
    void specsDescribeEveryTopic() {
        Topics topics = new Topics("site1.lva.");
        Map<String, NewTopic> specs = TopicSpecs.specs(topics, 6).stream().collect(Collectors.toMap(NewTopic::name, t -> t));
        assertThat(specs.keySet()).containsExactlyInAnyOrderElementsOf(topics.all());
        assertThat(specs.get(topics.topologies()).numPartitions()).isEqualTo(1);
        assertThat(specs.get(topics.instances()).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(specs.get(topics.packets()).numPartitions()).isEqualTo(6);
        assertThat(specs.get(topics.packets()).configs()).containsEntry("retention.ms", "600000");
        assertThat(specs.get(topics.frames()).configs()).containsEntry("retention.ms", "60000");
        assertThat(specs.get(topics.events()).configs()).containsEntry("retention.ms", Long.toString(7L * 24 * 3600 * 1000));
        // a 4K keyframe or a raw 1080p image is more than Kafka's 1 MB default
        assertThat(specs.get(topics.packets()).configs()).containsEntry("max.message.bytes", Integer.toString(16 * 1024 * 1024));
        assertThat(specs.get(topics.frames()).configs()).containsEntry("max.message.bytes", Integer.toString(16 * 1024 * 1024));
    }

    @Test
    void ensureCreatesMissingTopicsOnceOnTheRealBroker() throws Exception {
        Topics topics = KafkaTestSupport.freshTopics();
        try (Admin admin = KafkaTestSupport.admin()) {
            TopicSpecs.ensure(admin, topics, 3);
            TopicSpecs.ensure(admin, topics, 3); // idempotent
            Map<String, TopicDescription> d = admin.describeTopics(topics.all()).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(d.get(topics.topologies()).partitions()).hasSize(1);
            assertThat(d.get(topics.instances()).partitions()).hasSize(1);
            assertThat(d.get(topics.packets()).partitions()).hasSize(3);
            assertThat(d.get(topics.events()).partitions()).hasSize(3);
            ConfigResource instances = new ConfigResource(ConfigResource.Type.TOPIC, topics.instances());
            ConfigResource packets = new ConfigResource(ConfigResource.Type.TOPIC, topics.packets());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(instances, packets)).all().get(30, TimeUnit.SECONDS);
            assertThat(configs.get(instances).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(packets).get("retention.ms").value()).isEqualTo("600000");
        }
    }
}
