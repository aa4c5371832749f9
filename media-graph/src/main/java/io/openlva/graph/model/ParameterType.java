package io.openlva.graph.model;

import java.util.Locale;

/** LVA/AVA parameter types. Values travel as strings and must parse as the type. */
public enum ParameterType {
    STRING("String"), SECRET_STRING("SecretString"), INT("Int"), DOUBLE("Double"), BOOL("Bool");

    private final String lvaName;

    ParameterType(String lvaName) {
        this.lvaName = lvaName;
    }

    public String lvaName() {
        return lvaName;
    }

    public static ParameterType fromLva(String s) {
        for (ParameterType t : values()) {
            if (t.lvaName.equalsIgnoreCase(s.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown parameter type: " + s);
    }

    /** Whether {@code value} is a valid literal of this type. */
    public boolean accepts(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim();
        return switch (this) {
            case STRING, SECRET_STRING -> true;
            case INT -> {
                try {
                    Long.parseLong(v);
                    yield true;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            case DOUBLE -> {
                try {
                    yield Double.isFinite(Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            case BOOL -> v.toLowerCase(Locale.ROOT).equals("true") || v.toLowerCase(Locale.ROOT).equals("false");
        };
    }
}
