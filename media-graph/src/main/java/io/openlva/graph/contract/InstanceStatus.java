package io.openlva.graph.contract;

import java.time.Instant;
import java.util.Objects;

import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OwningService;

/**
 * One service's report on one instance, on the compacted {@link Topics#status()} topic: {@code state} is
 * {@link InstanceState#ACTIVE} once the service runs the instance's nodes it owns, {@link InstanceState#INACTIVE}
 * once it has stopped them (clips closed, sessions ended). {@code detail} says why when a node could not start;
 * {@code instanceVersion} is the Kafka offset of the instance record the service acted on, so a reader can tell a
 * report about the current record from one about an earlier record of the same name.
 */
public record InstanceStatus(String instance, OwningService service, InstanceState state, long instanceVersion,
        String detail, Instant time) {

    public InstanceStatus {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(time, "time");
    }

    /** The record key: {@code instance/service-name}. */
    public String key() {
        return key(instance, service);
    }

    public static String key(String instance, OwningService service) {
        return instance + "/" + service.serviceName();
    }

    public byte[] toJson() {
        var node = Json.mapper().createObjectNode()
                .put("instance", instance)
                .put("service", service.serviceName())
                .put("state", state.lvaName())
                .put("instanceVersion", instanceVersion)
                .put("time", time.toString());
        if (detail != null) {
            node.put("detail", detail);
        }
        return Json.write(node);
    }

    public static InstanceStatus fromJson(byte[] bytes) {
        var node = Json.read(bytes);
        String detail = node.hasNonNull("detail") ? node.get("detail").asText() : null;
        return new InstanceStatus(node.path("instance").asText(),
                OwningService.fromServiceName(node.path("service").asText()),
                InstanceState.fromLva(node.path("state").asText()),
                node.path("instanceVersion").asLong(-1),
                detail,
                Instant.parse(node.path("time").asText()));
    }
}
