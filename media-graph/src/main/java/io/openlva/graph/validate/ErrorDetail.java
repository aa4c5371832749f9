package io.openlva.graph.validate;

/** One LVA error detail: {@code target} is the path of the offending property, e.g. {@code properties.sinks[0].inputs[0].nodeName}. */
public record ErrorDetail(String code, String target, String message) {
}
