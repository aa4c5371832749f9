package io.openlva.graph.model;

/** @param maximumSamplesPerSecond nullable: no limit */
public record SamplingOptions(boolean skipSamplesWithoutAnnotation, Double maximumSamplesPerSecond) {

    public static final SamplingOptions DEFAULT = new SamplingOptions(false, null);
}
