package io.openlva.graph.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics OpenLVA needs and their settings. Services call {@link #ensure} at start-up; whoever comes
 * first creates them, existing topics are left as they are.
 */
public final class TopicSpecs {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSpecs.class);

    /** Packets are also the recorder's pre-roll buffer. */
    public static final Duration PACKETS_RETENTION = Duration.ofMinutes(10);
    public static final Duration FRAMES_RETENTION = Duration.ofMinutes(1);
    public static final Duration EVENTS_RETENTION = Duration.ofDays(7);
    /** Largest record on the media topics: a 4K keyframe or a raw 1080p image is several MB (Kafka's default is 1 MB). */
    public static final int MAX_MEDIA_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Partitions of the media and event topics unless a deployment says otherwise: the most replicas of a consumer group. */
    public static final int DEFAULT_MEDIA_PARTITIONS = 6;

    private TopicSpecs() {
    }

    /**
     * Graph and status topics: compacted, 1 partition (every reader needs all of them, in order). Media and event topics:
     * {@code mediaPartitions} partitions, time-based retention. Replication: the broker's default.
     */
    public static List<NewTopic> specs(Topics topics, int mediaPartitions) {
        if (mediaPartitions < 1) {
            throw new IllegalArgumentException("mediaPartitions must be >= 1: " + mediaPartitions);
        }
        List<NewTopic> out = new ArrayList<>();
        for (String t : topics.compacted()) {
            out.add(topic(t, 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        }
        out.add(topic(topics.packets(), mediaPartitions, retention(PACKETS_RETENTION)));
        out.add(topic(topics.frames(), mediaPartitions, retention(FRAMES_RETENTION)));
        out.add(topic(topics.events(), mediaPartitions, retention(EVENTS_RETENTION)));
        out.add(topic(topics.deadLetter(), mediaPartitions, retention(EVENTS_RETENTION)));
        return out;
    }

    private static Map<String, String> retention(Duration d) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(d.toMillis()),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MEDIA_MESSAGE_BYTES));
    }

    private static NewTopic topic(String name, int partitions, Map<String, String> configs) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
    }

    /** Creates the missing topics; safe to call concurrently from several services. */
    public static void ensure(Admin admin, Topics topics, int mediaPartitions) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = specs(topics, mediaPartitions).stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            for (var e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                    LOG.info("created topic {}", e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex.getCause().getMessage(), ex.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list or create topics: " + e.getMessage(), e);
        }
    }
}
