package io.openlva.graph.model;

/** Where a node sits in a topology: in {@code sources}, {@code processors} or {@code sinks}. */
public enum NodeRole {
    SOURCE("sources"), PROCESSOR("processors"), SINK("sinks");

    private final String listName;

    NodeRole(String listName) {
        this.listName = listName;
    }

    /** The property of {@code properties} that lists nodes of this role. */
    public String listName() {
        return listName;
    }
}
