package io.openlva.graph.model;

/** A parameter declared by a topology. @param defaultValue nullable: an instance must then give a value. */
public record ParameterDeclaration(String name, ParameterType type, String description, String defaultValue) {

    public boolean hasDefault() {
        return defaultValue != null;
    }

    @Override
    public String toString() {
        return "ParameterDeclaration[name=" + name + ", type=" + type + ", description=" + description
                + ", defaultValue=" + (type == ParameterType.SECRET_STRING ? Secrets.mask(defaultValue) : defaultValue) + "]";
    }
}
