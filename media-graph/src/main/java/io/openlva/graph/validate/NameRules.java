package io.openlva.graph.validate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.openlva.graph.model.Node;
import io.openlva.graph.model.Topology;

/** Names of the topology and its nodes: well formed and unique (parameter names: {@link ParameterRules}). */
final class NameRules implements TopologyRule {

    /** LVA names: letters, digits and dashes, at most 32 characters. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,32}");
    /** Parameter names are referenced as ${name}; underscores and dots are allowed, up to 64 characters. */
    static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    static ErrorDetail checkName(String target, String name) {
        if (name == null) {
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            return new ErrorDetail(ErrorCodes.INVALID_NAME, target,
                    "The name '" + name + "' is invalid: use 1 to 32 letters, digits or dashes.");
        }
        return null;
    }

    @Override
    public List<ErrorDetail> check(Topology t) {
        List<ErrorDetail> out = new ArrayList<>();
        add(out, checkName("name", t.name()));
        NodePaths paths = new NodePaths(t);
        Set<String> seen = new HashSet<>();
        for (Node n : paths.nodes()) {
            add(out, checkName(paths.path(n) + ".name", n.name()));
            if (n.name() != null && !seen.add(n.name())) {
                out.add(new ErrorDetail(ErrorCodes.DUPLICATE_NAME, paths.path(n) + ".name",
                        "The node name '" + n.name() + "' is used more than once."));
            }
        }
        return out;
    }

    private static void add(List<ErrorDetail> out, ErrorDetail d) {
        if (d != null) {
            out.add(d);
        }
    }
}
