package io.openlva.graph.model;

import java.util.List;

/** One entry of a node's {@code inputs}: the upstream node and the selectors filtering what it passes. */
public record NodeInput(String nodeName, List<OutputSelector> outputSelectors) {

    public NodeInput {
        outputSelectors = outputSelectors == null ? List.of() : List.copyOf(outputSelectors);
    }

    public NodeInput(String nodeName) {
        this(nodeName, List.of());
    }

    /**
     * Whether this input lets a media type through ({@code video}, {@code audio}, {@code application}),
     * applying LVA's {@code mediaType is / isNot} selectors.
     */
    public boolean passesMediaType(String mediaType) {
        for (OutputSelector s : outputSelectors) {
            if (!"mediaType".equalsIgnoreCase(s.property())) {
                continue;
            }
            boolean same = mediaType.equalsIgnoreCase(s.value());
            if ("is".equalsIgnoreCase(s.operator()) && !same || "isNot".equalsIgnoreCase(s.operator()) && same) {
                return false;
            }
        }
        return true;
    }
}
