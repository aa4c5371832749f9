package io.openlva.devkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.OwningService;

/**
 * For tests: reads the services' {@link InstanceStatus} reports (and any other topics asked for) from the moment it is
 * opened, so a test can wait for a service's report on one instance record.
 */
public final class StatusTap implements AutoCloseable {

    private final Topics topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> statuses = new ArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> others = new ArrayList<>();

    /** Reads {@code topics.status()} and {@code alsoRead} from their ends. */
    public StatusTap(String bootstrap, Topics topics, String... alsoRead) {
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> tps = new ArrayList<>();
        List<String> read = new ArrayList<>(List.of(topics.status()));
        read.addAll(List.of(alsoRead));
        for (String t : read) {
            consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(p -> tps.add(new TopicPartition(t, p.partition())));
        }
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        tps.forEach(consumer::position);
    }

    /** One poll: status records and the other topics' records are kept in arrival order. */
    public void poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            (r.topic().equals(topics.status()) ? statuses : others).add(r);
        }
    }

    /**
     * Waits until {@code service} has reported on {@code instance} a status that {@code which} accepts (null = the
     * report was removed) and returns it; fails after {@code timeout}.
     */
    public InstanceStatus await(String instance, OwningService service, Predicate<InstanceStatus> which, Duration timeout) {
        String key = InstanceStatus.key(instance, service);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            poll();
            for (ConsumerRecord<String, byte[]> r : statuses) {
                InstanceStatus s = r.value() == null ? null : InstanceStatus.fromJson(r.value());
                if (r.key().equals(key) && which.test(s)) {
                    return s;
                }
            }
        }
        throw new AssertionError("no report from " + service.serviceName() + " on " + instance + " within " + timeout
                + "; reports seen: " + statuses.stream().map(ConsumerRecord::key).toList());
    }

    /** The key of the newest status record read. */
    public String lastStatusKey() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1).key();
    }

    /** Records of the other topics read so far. */
    public List<ConsumerRecord<String, byte[]>> others() {
        return others;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
