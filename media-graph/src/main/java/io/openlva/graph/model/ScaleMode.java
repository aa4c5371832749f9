package io.openlva.graph.model;

public enum ScaleMode {
    PRESERVE_ASPECT_RATIO("preserveAspectRatio"), PAD("pad"), STRETCH("stretch");

    private final String lvaName;

    ScaleMode(String lvaName) {
        this.lvaName = lvaName;
    }

    public String lvaName() {
        return lvaName;
    }

    public static ScaleMode fromLva(String s) {
        for (ScaleMode m : values()) {
            if (m.lvaName.equalsIgnoreCase(s.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown scale mode: " + s);
    }
}
