package io.openlva.graph.contract;

import java.util.List;
import java.util.Objects;

/**
 * The Kafka topics that link the services. Defaults are {@code lva.*}; a deployment may set another
 * prefix (e.g. {@code site1.lva.}) so several OpenLVA installations share one cluster.
 */
public record Topics(String prefix) {

    public static final String DEFAULT_PREFIX = "lva.";
    public static final Topics DEFAULT = new Topics(DEFAULT_PREFIX);

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** Compacted: key = topology name, value = topology JSON, tombstone = deleted. */
    public String topologies() {
        return prefix + "graph.topologies";
    }

    /** Compacted: key = instance name, value = instance JSON including its state, tombstone = deleted. */
    public String instances() {
        return prefix + "graph.instances";
    }

    /** Encoded access units, key {@code instance/sourceNode}; time-based retention is the pre-roll budget. */
    public String packets() {
        return prefix + "media.packets";
    }

    /** Encoded images for extension nodes, key {@code instance/extensionNode}; short retention. */
    public String frames() {
        return prefix + "media.frames";
    }

    /** LVA event bodies, key = instance name; applicationProperties and CloudEvents in headers. */
    public String events() {
        return prefix + "events";
    }

    /**
     * Compacted: key {@code instance/service} ({@link InstanceStatus#key()}), value = {@link InstanceStatus} JSON:
     * what each service has actually done with an instance (its nodes running or stopped). hub-bridge completes
     * activation and deactivation from these reports.
     */
    public String status() {
        return prefix + "graph.status";
    }

    /**
     * Events IoT Hub will never accept (over its message size limit, malformed), moved aside by hub-bridge so they do
     * not block their partition; the record as read, with the reason in {@code dead-letter-*} headers.
     */
    public String deadLetter() {
        return prefix + "hub.dead-letter";
    }

    public List<String> all() {
        return List.of(topologies(), instances(), status(), packets(), frames(), events(), deadLetter());
    }

    /** The graph's desired state, written by hub-bridge only: topologies and instances. */
    public List<String> graphState() {
        return List.of(topologies(), instances());
    }

    /** Every compacted topic (1 partition each): the graph state and the services' status reports. */
    public List<String> compacted() {
        return List.of(topologies(), instances(), status());
    }
}
