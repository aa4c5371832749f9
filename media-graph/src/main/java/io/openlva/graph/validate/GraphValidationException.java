package io.openlva.graph.validate;

import java.util.List;

/** A topology or instance was rejected; {@link #error()} is the LVA error body to return. */
public class GraphValidationException extends RuntimeException {

    private final ErrorBody error;

    public GraphValidationException(ErrorBody error) {
        super(summary(error));
        this.error = error;
    }

    public static GraphValidationException of(List<ErrorDetail> details) {
        return new GraphValidationException(ErrorCodes.body(details));
    }

    public static GraphValidationException of(String code, String target, String message) {
        return of(List.of(new ErrorDetail(code, target, message)));
    }

    public ErrorBody error() {
        return error;
    }

    private static String summary(ErrorBody e) {
        StringBuilder sb = new StringBuilder(e.code()).append(": ").append(e.message());
        for (ErrorDetail d : e.details()) {
            sb.append("\n  ").append(d.code()).append(" at ").append(d.target()).append(": ").append(d.message());
        }
        return sb.toString();
    }
}
