package io.openlva.graph.model;

import java.util.Locale;

public enum InstanceState {
    INACTIVE("Inactive"), ACTIVATING("Activating"), ACTIVE("Active"), DEACTIVATING("Deactivating");

    private final String lvaName;

    InstanceState(String lvaName) {
        this.lvaName = lvaName;
    }

    /** LVA spelling ({@code Active}); AVA used lower case ({@code active}). */
    public String lvaName() {
        return lvaName;
    }

    public String avaName() {
        return lvaName.toLowerCase(Locale.ROOT);
    }

    public static InstanceState fromLva(String s) {
        for (InstanceState t : values()) {
            if (t.lvaName.equalsIgnoreCase(s.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown state: " + s);
    }
}
