package io.openlva.hub.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.Secrets;
import io.openlva.runtime.ConsumerLoop;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * The latest events of {@code <prefix>events} in memory, for the console: the Events page filters them, the live
 * feed streams them as they come, the live preview draws the latest detections and motion regions of an instance.
 * One reader over every partition (no consumer group, nothing committed), started at the last
 * {@code buffer / partitions} records of each partition. Event bodies are shown with URL passwords masked.
 */
public class EventFeed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventFeed.class);

    /** One event as the console shows it. */
    public record Entry(String id, String instance, String node, String eventType, long eventTimeMs,
            long mediaTimeUs, ObjectNode json, List<String> labels) {
    }

    private final KafkaFactory kafka;
    private final Topics topics;
    private final ServiceHealth health;
    private final int capacity;
    private final Counter unreadable;
    private final Deque<Entry> latest = new ArrayDeque<>();
    private final Map<String, Entry> detections = new HashMap<>();
    private final Map<String, Entry> motion = new HashMap<>();
    private final BroadcastProcessor<String> live = BroadcastProcessor.create();
    private ConsumerLoop<String, byte[]> loop;

    public EventFeed(KafkaFactory kafka, Topics topics, ServiceHealth health, int capacity, MeterRegistry registry) {
        this.kafka = kafka;
        this.topics = topics;
        this.health = health;
        this.capacity = Math.max(1, capacity);
        this.unreadable = registry.counter("openlva.hub.console.events.unreadable");
    }

    public synchronized void start() {
        if (loop != null) {
            return;
        }
        loop = new ConsumerLoop<>("console-events",
                () -> kafka.consumer("hub-bridge-console-events", null, new StringDeserializer(),
                        new ByteArrayDeserializer(), Map.of()),
                new ConsumerLoop.Handler<String, byte[]>() {
                    @Override
                    public void subscribe(Consumer<String, byte[]> consumer) {
                        List<TopicPartition> parts = Partitions.assignAll(consumer, topics.events());
                        Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
                        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
                        long share = Math.max(1, capacity / Math.max(1, parts.size()));
                        parts.forEach(tp -> consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - share)));
                    }

                    @Override
                    public void handle(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
                        records.forEach(EventFeed.this::add);
                    }
                }, health).start();
    }

    private void add(ConsumerRecord<String, byte[]> record) {
        Entry e;
        try {
            e = entry(GraphEvent.fromRecord(record));
        } catch (RuntimeException ex) {
            unreadable.increment();
            LOG.debugf("unreadable event at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), ex);
            return;
        }
        synchronized (this) {
            latest.addLast(e);
            while (latest.size() > capacity) {
                latest.removeFirst();
            }
            if (!e.labels().isEmpty()) {
                detections.merge(e.instance(), e, (a, b) -> b.mediaTimeUs() >= a.mediaTimeUs() ? b : a);
            }
            if (hasMotion(e.json().path("body"))) {
                motion.merge(e.instance(), e, (a, b) -> b.mediaTimeUs() >= a.mediaTimeUs() ? b : a);
            }
        }
        live.onNext(e.json().toString());
    }

    static Entry entry(GraphEvent event) {
        String body = Secrets.maskUrlsIn(event.body().toString());
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", event.id());
        json.put("instance", event.instance());
        json.put("node", event.node());
        json.put("eventType", event.eventType());
        json.put("eventTime", event.eventTime().toString());
        json.put("mediaTimeUs", event.mediaTimeUs());
        JsonNode parsed = Json.read(body);
        json.set("body", parsed);
        List<String> labels = new ArrayList<>();
        for (JsonNode inf : parsed.path("inferences")) {
            JsonNode tag = inf.path("entity").path("tag").path("value");
            if (tag.isTextual()) {
                labels.add(tag.asText());
            }
        }
        // an HTTP extension's answer is the body as it came: Custom Vision's predictions name their tags
        for (JsonNode p : parsed.path("predictions")) {
            if (p.path("tagName").isTextual()) {
                labels.add(p.path("tagName").asText());
            }
        }
        json.set("labels", Json.mapper().valueToTree(labels));
        return new Entry(event.id(), event.instance(), event.node(), event.eventType(),
                event.eventTime().toEpochMilli(), event.mediaTimeUs(), json, List.copyOf(labels));
    }

    private static boolean hasMotion(JsonNode body) {
        for (JsonNode inf : body.path("inferences")) {
            if ("motion".equals(inf.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Newest first, at most {@code limit}. */
    public synchronized List<ObjectNode> find(Predicate<Entry> filter, int limit) {
        List<ObjectNode> out = new ArrayList<>();
        var it = latest.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            Entry e = it.next();
            if (filter.test(e)) {
                out.add(e.json());
            }
        }
        return out;
    }

    public synchronized Optional<Entry> latestDetections(String instance) {
        return Optional.ofNullable(detections.get(instance));
    }

    public synchronized Optional<Entry> latestMotion(String instance) {
        return Optional.ofNullable(motion.get(instance));
    }

    /** Every event from now on, as its console JSON. */
    public Multi<String> live() {
        return live;
    }

    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }
}
