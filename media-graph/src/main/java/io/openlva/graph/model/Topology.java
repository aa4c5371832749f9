package io.openlva.graph.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An LVA graph topology or AVA pipeline topology as declared.
 *
 * <p>String fields of the nodes keep their {@code ${parameter}} references; typed fields (numbers, enums,
 * durations) that reference a parameter hold the parameter's default, or the property's LVA default when the
 * parameter has none. Use {@code GraphResolver} for the values of an instance.
 *
 * @param raw the document as received (unknown properties are kept when written back)
 */
public record Topology(String apiVersion, String name, String description, List<ParameterDeclaration> parameters,
        List<Node> sources, List<Node> processors, List<Node> sinks, JsonNode raw) {

    public Topology {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        sources = sources == null ? List.of() : List.copyOf(sources);
        processors = processors == null ? List.of() : List.copyOf(processors);
        sinks = sinks == null ? List.of() : List.copyOf(sinks);
    }

    /** Sources, processors and sinks in declaration order. */
    public List<Node> nodes() {
        List<Node> all = new ArrayList<>(sources);
        all.addAll(processors);
        all.addAll(sinks);
        return Collections.unmodifiableList(all);
    }

    public Optional<Node> node(String nodeName) {
        return nodes().stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    public Optional<ParameterDeclaration> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** LVA media graph or AVA pipeline, from the node types. */
    /**
     * The services that must report on an instance of this topology before a state change is complete: the owner of
     * every node kind ({@link NodeKind#owner()}), and the sampler whenever an inference node is fed frames. Kinds no
     * service runs are left out (activation refuses them).
     */
    public Set<OwningService> services() {
        Set<OwningService> out = EnumSet.noneOf(OwningService.class);
        for (Node n : nodes()) {
            n.kind().owner().ifPresent(out::add);
        }
        if (out.contains(OwningService.INFERENCE)) {
            out.add(OwningService.SAMPLER);
        }
        return out;
    }

    public Flavor flavor() {
        if (raw != null) {
            for (String list : List.of("sources", "processors", "sinks")) {
                for (JsonNode n : raw.path("properties").path(list)) {
                    Flavor f = Flavor.of(n.path("@type").asText(null));
                    if (f == Flavor.MEDIA_GRAPH || f == Flavor.VIDEO_ANALYZER) {
                        return f;
                    }
                }
            }
        }
        return Flavor.MEDIA_GRAPH;
    }

    @Override
    public String toString() {
        return "Topology[apiVersion=" + apiVersion + ", name=" + name + ", parameters=" + parameters
                + ", sources=" + sources + ", processors=" + processors + ", sinks=" + sinks + "]";
    }
}
