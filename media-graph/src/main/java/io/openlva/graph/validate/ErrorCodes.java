package io.openlva.graph.validate;

import java.util.List;

/**
 * Error codes. The top-level code is {@link #INVALID_RESOURCE} (or {@link #API_VERSION_NOT_SUPPORTED} when
 * that is the only problem), as LVA answered; each detail says what is wrong and where.
 */
public final class ErrorCodes {

    private ErrorCodes() {
    }

    /** Top level for any rejected document; as a detail: not JSON, or not the expected shape. */
    public static final String INVALID_RESOURCE = "InvalidResource";
    public static final String API_VERSION_NOT_SUPPORTED = "ApiVersionNotSupported";
    /** Graph structure: inputs, cycles, node placement, missing source/sink. */
    public static final String GRAPH_VALIDATION_ERROR = "GraphValidationError";
    public static final String PROPERTY_REQUIRED = "PropertyRequired";
    /** Wrong JSON type, unknown enum value, out-of-range number or duration. */
    public static final String INVALID_PROPERTY_VALUE = "InvalidPropertyValue";
    public static final String UNKNOWN_TYPE = "UnknownType";
    public static final String INVALID_NAME = "InvalidName";
    public static final String DUPLICATE_NAME = "DuplicateName";
    /** A {@code ${name}} reference to a parameter the topology does not declare, or an unknown system variable. */
    public static final String PARAMETER_NOT_DECLARED = "ParameterNotDeclared";
    /** A default or instance value that does not parse as the declared type. */
    public static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
    /** An instance lacks a value for a parameter without default. */
    public static final String PARAMETER_VALUE_REQUIRED = "ParameterValueRequired";
    /** The instance's topologyName is not the topology it is validated against. */
    public static final String TOPOLOGY_MISMATCH = "TopologyMismatch";

    static ErrorBody body(List<ErrorDetail> details) {
        boolean onlyVersion = !details.isEmpty()
                && details.stream().allMatch(d -> d.code().equals(API_VERSION_NOT_SUPPORTED));
        if (onlyVersion) {
            return new ErrorBody(API_VERSION_NOT_SUPPORTED, details.get(0).message(), details);
        }
        String message = details.size() == 1 ? details.get(0).message()
                : "The resource is invalid: " + details.size() + " problems, see details.";
        return new ErrorBody(INVALID_RESOURCE, message, details);
    }
}
