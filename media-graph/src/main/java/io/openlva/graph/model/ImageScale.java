package io.openlva.graph.model;

/** Target size; one of width/height may be null for PRESERVE_ASPECT_RATIO. */
public record ImageScale(ScaleMode mode, Integer width, Integer height) {
}
