package io.openlva.graph.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Collects error details while a document is read, so one answer lists every problem. */
public final class Problems {

    private final List<ErrorDetail> details = new ArrayList<>();
    private final UnaryOperator<String> retarget;

    public Problems() {
        this(UnaryOperator.identity());
    }

    /** @param retarget maps a property path to the target reported (e.g. to the instance parameter that set it) */
    public Problems(UnaryOperator<String> retarget) {
        this.retarget = retarget;
    }

    public void add(String code, String target, String message) {
        details.add(new ErrorDetail(code, retarget.apply(target), message));
    }

    public void add(ErrorDetail d) {
        details.add(d);
    }

    public void addAll(List<ErrorDetail> list) {
        details.addAll(list);
    }

    public boolean isEmpty() {
        return details.isEmpty();
    }

    public List<ErrorDetail> details() {
        return List.copyOf(details);
    }

    public void throwIfAny() {
        if (!details.isEmpty()) {
            throw GraphValidationException.of(details);
        }
    }
}
