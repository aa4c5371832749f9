package io.openlva.graph.validate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.openlva.graph.model.ParameterDeclaration;
import io.openlva.graph.model.Topology;
import io.openlva.graph.param.Placeholders;
import io.openlva.graph.param.SystemVariables;

/**
 * Parameter declarations have a type and a default of that type; every {@code ${name}} in the nodes names a
 * declared parameter or a known system variable. Unused declarations are allowed (LVA accepted them; several
 * official samples declare parameters they never use): see {@link GraphValidator#warnings(Topology)}.
 */
final class ParameterRules implements TopologyRule {

    @Override
    public List<ErrorDetail> check(Topology t) {
        List<ErrorDetail> out = new ArrayList<>();
        Set<String> params = new HashSet<>();
        for (int i = 0; i < t.parameters().size(); i++) {
            ParameterDeclaration p = t.parameters().get(i);
            String target = "properties.parameters[" + i + "].name";
            if (p.name() == null) {
                continue;
            }
            if (!NameRules.PARAMETER_NAME.matcher(p.name()).matches() || p.name().startsWith("System.")) {
                out.add(new ErrorDetail(ErrorCodes.INVALID_NAME, target, "The parameter name '" + p.name()
                        + "' is invalid: use 1 to 64 letters, digits, dashes, dots or underscores, not starting with 'System.'."));
            } else if (!params.add(p.name())) {
                out.add(new ErrorDetail(ErrorCodes.DUPLICATE_NAME, target,
                        "The parameter '" + p.name() + "' is declared more than once."));
            }
        }
        for (int i = 0; i < t.parameters().size(); i++) {
            ParameterDeclaration d = t.parameters().get(i);
            String base = "properties.parameters[" + i + "]";
            if (d.type() == null) {
                // a missing or unknown type was reported when reading
                continue;
            }
            if (d.defaultValue() != null && !d.type().accepts(d.defaultValue())) {
                out.add(new ErrorDetail(ErrorCodes.INVALID_PARAMETER_VALUE, base + ".default",
                        "The default of '" + d.name() + "' is not a valid " + d.type().lvaName() + "."));
            }
        }
        if (t.raw() == null) {
            return out;
        }
        Set<String> declared = t.parameters().stream().map(ParameterDeclaration::name).collect(Collectors.toSet());
        for (Map.Entry<String, List<String>> e : Placeholders.referencesInNodes(t.raw()).entrySet()) {
            for (String ref : e.getValue()) {
                if (Placeholders.isSystem(ref)) {
                    if (!SystemVariables.isKnown(ref)) {
                        out.add(new ErrorDetail(ErrorCodes.PARAMETER_NOT_DECLARED, e.getKey(),
                                "The system variable '${" + ref + "}' does not exist."));
                    }
                } else if (!declared.contains(ref)) {
                    out.add(new ErrorDetail(ErrorCodes.PARAMETER_NOT_DECLARED, e.getKey(),
                            "The parameter '" + ref + "' is not declared in properties.parameters."));
                }
            }
        }
        return out;
    }
}
