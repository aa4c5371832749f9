package io.openlva.hub.graph;

import io.openlva.graph.model.Topology;
import io.openlva.graph.validate.ErrorDetail;

/**
 * How much one deployment takes, as LVA/AVA limited it: a document the size of a direct-method payload, 50
 * topologies and 1000 instances per deployment, and bounded nodes and parameters per topology. Each limit is
 * refused with LVA's error body before anything is written: never a producer error (Kafka's 1 MB record limit) or a
 * 503 later.
 */
public final class GraphLimits {

    /** IoT Hub's direct-method payload limit (128 KB): no LVA or AVA document was larger. */
    public static final int MAX_DOCUMENT_CHARS = 128 * 1024;
    public static final int MAX_TOPOLOGIES = 50;
    public static final int MAX_INSTANCES = 1000;
    public static final int MAX_NODES = 100;
    public static final int MAX_PARAMETERS = 100;

    private GraphLimits() {
    }

    /** An error when the payload is larger than a direct method may carry, else null. */
    public static MethodResult documentSize(String json) {
        if (json != null && json.length() > MAX_DOCUMENT_CHARS) {
            return MethodResult.error(413, ErrorCodes.INVALID_RESOURCE, "the document has " + json.length()
                    + " characters; at most " + MAX_DOCUMENT_CHARS + " are accepted (a direct method's payload limit)",
                    new ErrorDetail(ErrorCodes.INVALID_RESOURCE, "payload", "too large"));
        }
        return null;
    }

    /** An error when the topology has more nodes or parameters than a deployment runs, else null. */
    static MethodResult shape(Topology t) {
        if (t.nodes().size() > MAX_NODES) {
            return MethodResult.error(400, ErrorCodes.INVALID_RESOURCE, "graph topology '" + t.name() + "' has "
                    + t.nodes().size() + " nodes; at most " + MAX_NODES + " are accepted",
                    new ErrorDetail(ErrorCodes.INVALID_RESOURCE, "properties", "too many nodes"));
        }
        if (t.parameters().size() > MAX_PARAMETERS) {
            return MethodResult.error(400, ErrorCodes.INVALID_RESOURCE, "graph topology '" + t.name() + "' declares "
                    + t.parameters().size() + " parameters; at most " + MAX_PARAMETERS + " are accepted",
                    new ErrorDetail(ErrorCodes.INVALID_RESOURCE, "properties.parameters", "too many parameters"));
        }
        return null;
    }

    /** An error when one more of {@code what} (plural; a new name) would pass {@code max}, else null. */
    static MethodResult count(String what, int existing, int max) {
        if (existing >= max) {
            return MethodResult.error(409, ErrorCodes.QUOTA_EXCEEDED, "this deployment holds " + existing + " " + what
                    + ", the most it accepts; delete one first");
        }
        return null;
    }
}
