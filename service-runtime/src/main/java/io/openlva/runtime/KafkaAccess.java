package io.openlva.runtime;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.OwningService;

/**
 * What each service's Kafka principal ({@code User:<service-name>}) may do on a cluster with ACLs: the one table
 * the devkit's secured broker, the chart's topics Job and the docs follow. Only hub-bridge writes the graph topics
 * (topologies, instances): a service that is broken into cannot change what the others run. Every service reads
 * the graph, reports on the status topic, describes and creates the topics under the prefix (start-up's
 * {@code TopicSpecs.ensure}), and joins only the consumer groups of its own defaults.
 */
public final class KafkaAccess {

    private KafkaAccess() {
    }

    /** The Kafka user of a service: its name, e.g. {@code sampler-service}. */
    public static String user(OwningService service) {
        return service.serviceName();
    }

    public static String principal(OwningService service) {
        return "User:" + user(service);
    }

    /** Topic -> operations granted, in a stable order (READ also lets a consumer fetch offsets of its group). */
    public static Map<String, Set<AclOperation>> topics(OwningService service, Topics topics) {
        Map<String, Set<AclOperation>> out = new LinkedHashMap<>();
        grant(out, topics.topologies(), AclOperation.READ);
        grant(out, topics.instances(), AclOperation.READ);
        grant(out, topics.status(), AclOperation.WRITE);
        switch (service) {
            case HUB_BRIDGE -> {
                grant(out, topics.topologies(), AclOperation.WRITE);
                grant(out, topics.instances(), AclOperation.WRITE);
                grant(out, topics.status(), AclOperation.READ);
                grant(out, topics.events(), AclOperation.READ);
                grant(out, topics.events(), AclOperation.WRITE);
                grant(out, topics.deadLetter(), AclOperation.WRITE);
            }
            case INGEST -> {
                grant(out, topics.packets(), AclOperation.WRITE);
                grant(out, topics.events(), AclOperation.WRITE);
                // the replicas share the cameras through the ownership topic's consumer group
                grant(out, topics.prefix() + "ingest.ownership", AclOperation.READ);
                grant(out, topics.prefix() + "ingest.ownership", AclOperation.WRITE);
            }
            case SAMPLER -> {
                grant(out, topics.packets(), AclOperation.READ);
                grant(out, topics.frames(), AclOperation.WRITE);
                grant(out, topics.events(), AclOperation.WRITE);
            }
            case INFERENCE -> {
                grant(out, topics.frames(), AclOperation.READ);
                grant(out, topics.events(), AclOperation.WRITE);
            }
            case RECORDER -> {
                grant(out, topics.packets(), AclOperation.READ);
                grant(out, topics.events(), AclOperation.READ);
                grant(out, topics.events(), AclOperation.WRITE);
            }
        }
        return out;
    }

    /**
     * Consumer group prefixes a service may join: those of its default group ids (a changed group id needs its
     * grant changed too). hub-bridge's status reader joins {@code hub-bridge-status-<uuid>}.
     */
    public static List<String> groupPrefixes(OwningService service) {
        return switch (service) {
            case INGEST -> List.of("openlva-ingest");
            case SAMPLER -> List.of("openlva-sampler");
            case INFERENCE -> List.of("openlva-inference");
            case RECORDER -> List.of("recorder", "openlva-recorder");
            case HUB_BRIDGE -> List.of("openlva-hub-bridge", "hub-bridge-");
        };
    }

    /** The ACLs of a service's principal on a cluster whose topics start with {@code topics.prefix()}. */
    public static List<AclBinding> acls(OwningService service, Topics topics) {
        String principal = principal(service);
        List<AclBinding> out = new ArrayList<>();
        topics(service, topics).forEach((topic, operations) -> operations.forEach(op ->
                out.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, principal, op))));
        for (AclOperation op : List.of(AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.CREATE)) {
            out.add(allow(ResourceType.TOPIC, topics.prefix(), PatternType.PREFIXED, principal, op));
        }
        for (String group : groupPrefixes(service)) {
            out.add(allow(ResourceType.GROUP, group, PatternType.PREFIXED, principal, AclOperation.READ));
        }
        return out;
    }

    private static void grant(Map<String, Set<AclOperation>> out, String topic, AclOperation op) {
        out.computeIfAbsent(topic, t -> EnumSet.noneOf(AclOperation.class)).add(op);
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String principal,
            AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }
}
