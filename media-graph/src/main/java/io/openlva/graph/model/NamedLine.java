package io.openlva.graph.model;

/** An AVA line-crossing line: {@code line} is the JSON text of its two normalized points. */
public record NamedLine(String name, String line) {
}
