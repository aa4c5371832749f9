package io.openlva.graph.model;

/** LVA output selector, e.g. {@code mediaType is video}. */
public record OutputSelector(String property, String operator, String value) {
}
