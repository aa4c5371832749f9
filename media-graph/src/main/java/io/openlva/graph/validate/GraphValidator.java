package io.openlva.graph.validate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.openlva.graph.model.Instance;
import io.openlva.graph.model.ParameterDeclaration;
import io.openlva.graph.model.Topology;
import io.openlva.graph.param.Placeholders;

/** LVA's validation of topologies and instances; every problem becomes an error detail with a target. */
public final class GraphValidator {

    private static final List<TopologyRule> RULES = List.of(new NameRules(), new ParameterRules(), new InputRules(),
            new PlacementRules());

    private GraphValidator() {
    }

    /** All problems of a topology (empty when valid). */
    public static List<ErrorDetail> check(Topology t) {
        List<ErrorDetail> out = new ArrayList<>();
        for (TopologyRule rule : RULES) {
            out.addAll(rule.check(t));
        }
        return out;
    }

    /** The parameter rules alone: declarations and references (they need no node to be readable). */
    public static List<ErrorDetail> checkParameters(Topology t) {
        return new ParameterRules().check(t);
    }

    public static void validateTopology(Topology t) {
        List<ErrorDetail> details = check(t);
        if (!details.isEmpty()) {
            throw GraphValidationException.of(details);
        }
    }

    /** Not errors: declared parameters no node uses. */
    public static List<ErrorDetail> warnings(Topology t) {
        List<ErrorDetail> out = new ArrayList<>();
        if (t.raw() == null) {
            return out;
        }
        Set<String> used = new HashSet<>();
        Placeholders.referencesInNodes(t.raw()).values().forEach(used::addAll);
        for (int i = 0; i < t.parameters().size(); i++) {
            String n = t.parameters().get(i).name();
            if (n != null && !used.contains(n)) {
                out.add(new ErrorDetail("ParameterNotUsed", "properties.parameters[" + i + "].name",
                        "The parameter '" + n + "' is not used by any node."));
            }
        }
        return out;
    }

    /** The instance names its topology, gives only declared parameters, values of their type, and every value without default. */
    public static List<ErrorDetail> check(Instance i, Topology t) {
        List<ErrorDetail> out = new ArrayList<>();
        ErrorDetail name = NameRules.checkName("name", i.name());
        if (name != null) {
            out.add(name);
        }
        if (i.apiVersion() != null && !t.flavor().apiVersions().contains(i.apiVersion())) {
            out.add(new ErrorDetail(ErrorCodes.API_VERSION_NOT_SUPPORTED, "@apiVersion", "The API version '" + i.apiVersion()
                    + "' is not supported for this topology; supported: " + String.join(", ", t.flavor().apiVersions()) + "."));
        }
        if (i.topologyName() == null || !i.topologyName().equals(t.name())) {
            out.add(new ErrorDetail(ErrorCodes.TOPOLOGY_MISMATCH, "properties.topologyName",
                    "The instance refers to topology '" + i.topologyName() + "', not '" + t.name() + "'."));
        }
        int index = 0;
        for (Map.Entry<String, String> e : i.parameters().entrySet()) {
            String base = "properties.parameters[" + index++ + "]";
            ParameterDeclaration d = t.parameter(e.getKey()).orElse(null);
            if (d == null) {
                out.add(new ErrorDetail(ErrorCodes.PARAMETER_NOT_DECLARED, base + ".name",
                        "The topology '" + t.name() + "' declares no parameter '" + e.getKey() + "'."));
            } else if (d.type() != null && !d.type().accepts(e.getValue())) {
                out.add(new ErrorDetail(ErrorCodes.INVALID_PARAMETER_VALUE, base + ".value",
                        "The value of '" + e.getKey() + "' is not a valid " + d.type().lvaName() + "."));
            }
        }
        List<String> missing = new ArrayList<>();
        for (ParameterDeclaration d : t.parameters()) {
            if (d.defaultValue() == null && !i.parameters().containsKey(d.name())) {
                missing.add(d.name());
            }
        }
        if (!missing.isEmpty()) {
            out.add(new ErrorDetail(ErrorCodes.PARAMETER_VALUE_REQUIRED, "properties.parameters",
                    "Values are required for parameters without default: " + String.join(", ", missing) + "."));
        }
        return out;
    }

    public static void validateInstance(Instance i, Topology t) {
        List<ErrorDetail> details = check(i, t);
        if (!details.isEmpty()) {
            throw GraphValidationException.of(details);
        }
    }

    /** Reports a malformed LVA name into problems. */
    public static void checkName(Problems problems, String target, String name) {
        ErrorDetail d = NameRules.checkName(target, name);
        if (d != null) {
            problems.add(d);
        }
    }
}
