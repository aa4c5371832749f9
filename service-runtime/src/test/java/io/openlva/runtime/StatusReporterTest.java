package io.openlva.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.TestKafka;
import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;

/** Reports on the real broker's status topic: keyed per instance and service, written once per change, tombstoned. */
class StatusReporterTest {

    static List<ConsumerRecord<String, byte[]>> readAll(KafkaFactory kafka, String topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = kafka.consumer("status-reader", null, new StringDeserializer(),
                new ByteArrayDeserializer(), Map.of())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void writesEachChangeOnceKeyedByInstanceAndServiceAndTombstonesDeletedInstances() throws Exception {
        KafkaFactory kafka = new KafkaFactory(TestKafka.shared().bootstrapServers());
        Topics topics = new Topics("s" + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = kafka.admin()) {
            TopicSpecs.ensure(admin, topics, 1);
        }
        Instant now = Instant.parse("2024-05-01T10:00:00Z");
        try (StatusReporter reporter = new StatusReporter(OwningService.RECORDER, topics, kafka, Clock.fixed(now, ZoneOffset.UTC))) {
            reporter.active("lobby", 7).get(30, TimeUnit.SECONDS);
            reporter.active("lobby", 7).get(30, TimeUnit.SECONDS); // the same report: not written again
            reporter.inactive("lobby", 9, null).get(30, TimeUnit.SECONDS);
            reporter.inactive("gate", 3, "FileSink: base directory not writable").get(30, TimeUnit.SECONDS);
            assertThat(reporter.reported()).containsOnlyKeys("lobby", "gate");
            reporter.forget("lobby").get(30, TimeUnit.SECONDS);
            assertThat(reporter.reported()).containsOnlyKeys("gate");
        }

        List<ConsumerRecord<String, byte[]>> records = readAll(kafka, topics.status());
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactly("lobby/recorder-service", "lobby/recorder-service", "gate/recorder-service", "lobby/recorder-service");
        InstanceStatus first = InstanceStatus.fromJson(records.get(0).value());
        assertThat(first).isEqualTo(new InstanceStatus("lobby", OwningService.RECORDER, InstanceState.ACTIVE, 7, null, now));
        InstanceStatus second = InstanceStatus.fromJson(records.get(1).value());
        assertThat(second.state()).isEqualTo(InstanceState.INACTIVE);
        assertThat(second.instanceVersion()).isEqualTo(9);
        assertThat(InstanceStatus.fromJson(records.get(2).value()).detail()).isEqualTo("FileSink: base directory not writable");
        assertThat(records.get(3).value()).isNull();
    }
}
