package io.openlva.graph.model;

import java.util.List;
import java.util.Locale;

/**
 * The product whose JSON spelling a document uses: LVA media graphs ({@code #Microsoft.Media.MediaGraph*}),
 * AVA pipelines ({@code #Microsoft.VideoAnalyzer.*}) or our own additions ({@code #OpenLva.*}, usable in both).
 */
public enum Flavor {
    MEDIA_GRAPH("#Microsoft.Media.MediaGraph", ApiVersions.LVA),
    VIDEO_ANALYZER("#Microsoft.VideoAnalyzer.", ApiVersions.AVA),
    OPENLVA("#OpenLva.", ApiVersions.ALL);

    private final String typePrefix;
    private final List<String> apiVersions;

    Flavor(String typePrefix, List<String> apiVersions) {
        this.typePrefix = typePrefix;
        this.apiVersions = apiVersions;
    }

    public String typePrefix() {
        return typePrefix;
    }

    /** {@code @apiVersion} values this product accepted ({@link ApiVersions}). */
    public List<String> apiVersions() {
        return apiVersions;
    }

    /** The full {@code @type} for a base name, e.g. {@code UnsecuredEndpoint}. */
    public String type(String baseName) {
        return typePrefix + baseName;
    }

    /** The flavor of an {@code @type} value, or null when it has none of the known prefixes. */
    public static Flavor of(String type) {
        if (type == null) {
            return null;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        for (Flavor f : values()) {
            if (lower.startsWith(f.typePrefix.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }

    /** Whether {@code type} is {@code baseName} in the LVA or AVA spelling (case-insensitive, as LVA matched). */
    public static boolean isType(String type, String baseName) {
        return type != null && (type.equalsIgnoreCase(MEDIA_GRAPH.type(baseName))
                || type.equalsIgnoreCase(VIDEO_ANALYZER.type(baseName)));
    }
}
