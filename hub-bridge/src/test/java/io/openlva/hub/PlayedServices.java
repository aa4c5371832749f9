package io.openlva.hub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.model.Topology;
import io.openlva.hub.store.GraphStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Plays ingest, sampler, inference and recorder on the real broker's status topic, as they report once changed to:
 * for every Activating / Deactivating record of an instance, an Active / Inactive report from every service its
 * topology names (hub-bridge aside), with the record's offset as instance version. An instance {@link #hold held}
 * gets no report: the test reports for it itself ({@link #report}).
 */
@Singleton
public class PlayedServices {

    /** A state change record seen on the instances topic. */
    public record Transition(InstanceState state, long offset) {
    }

    private final String bootstrapServers;
    private final Topics topics;
    private final GraphStore store;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, Transition> latest = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;

    public PlayedServices(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, Topics topics,
            GraphStore store) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.store = store;
    }

    void onStart(@Observes StartupEvent event) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Thread t = new Thread(this::run, "played-services");
        t.setDaemon(true);
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        closed = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** No automatic reports for this instance from now on. */
    public void hold(String instance) {
        held.add(instance);
    }

    /** Automatic reports for this instance again. */
    public void release(String instance) {
        held.remove(instance);
    }

    /** Waits for the instance's next record in {@code state} and returns it. */
    public Transition awaitTransition(String instance, InstanceState state) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> latest.get(instance),
                t -> t != null && t.state() == state);
    }

    /** Writes one service's report, as that service would. */
    public void report(String instance, OwningService service, InstanceState state, long version) {
        report(instance, service, state, version, null);
    }

    /** Writes one service's report with its reason (e.g. why it cannot run its part). */
    public void report(String instance, OwningService service, InstanceState state, long version, String detail) {
        InstanceStatus s = new InstanceStatus(instance, service, state, version, detail, Instant.now());
        try {
            producer.send(new ProducerRecord<>(topics.status(), s.key(), s.toJson())).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("report not written: " + e.getMessage(), e);
        }
    }

    private void run() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> kc = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kc;
            List<TopicPartition> partitions = null;
            while (!closed && partitions == null) {
                List<PartitionInfo> infos = kc.listTopics(Duration.ofSeconds(10)).get(topics.instances());
                if (infos != null) {
                    partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                } else {
                    try {
                        TimeUnit.MILLISECONDS.sleep(200); // hub-bridge creates the topic at start
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (partitions == null) {
                return;
            }
            kc.assign(partitions);
            kc.seekToBeginning(partitions);
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : kc.poll(Duration.ofMillis(300))) {
                    play(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void play(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        Instance instance;
        try {
            instance = GraphJson.readInstance(new String(r.value(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return; // not an instance hub-bridge wrote (another test's garbage): no service would act on it
        }
        InstanceState reported = switch (instance.state()) {
            case ACTIVATING -> InstanceState.ACTIVE;
            case DEACTIVATING -> InstanceState.INACTIVE;
            default -> null;
        };
        if (reported == null) {
            return;
        }
        latest.put(instance.name(), new Transition(instance.state(), r.offset()));
        if (held.contains(instance.name())) {
            return;
        }
        Topology topology = store.topology(instance.topologyName()).orElse(null);
        if (topology == null) {
            return;
        }
        for (OwningService s : topology.services()) {
            if (s != OwningService.HUB_BRIDGE) {
                report(instance.name(), s, reported, r.offset());
            }
        }
    }
}
