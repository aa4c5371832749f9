package io.openlva.graph.validate;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;

/** LVA's OData error: {@code {"code","message","details":[{"code","target","message"}]}}. */
public record ErrorBody(String code, String message, List<ErrorDetail> details) {

    public ErrorBody {
        details = details == null ? List.of() : List.copyOf(details);
    }

    /** The direct-method error payload {@code {"error":{...}}}. */
    public String toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ArrayNode list = error.putArray("details");
        for (ErrorDetail d : details) {
            ObjectNode o = list.addObject();
            o.put("code", d.code());
            o.put("target", d.target());
            o.put("message", d.message());
        }
        return Json.writeString(root);
    }

    /** Whether a detail has this code and target. */
    public boolean has(String detailCode, String target) {
        return details.stream().anyMatch(d -> d.code().equals(detailCode) && d.target().equals(target));
    }
}
