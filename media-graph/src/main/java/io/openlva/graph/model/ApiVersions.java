package io.openlva.graph.model;

import java.util.List;

/**
 * The one table of {@code @apiVersion} values OpenLVA accepts: LVA's media graph API 1.0 and 2.0, AVA's pipeline
 * API 1.0 and 1.1. {@link Flavor} names each product's versions from here; the codec and the graph API check
 * documents and calls against it.
 */
public final class ApiVersions {

    public static final String V1_0 = "1.0";
    /** AVA 1.1 only. */
    public static final String V1_1 = "1.1";
    /** LVA 2.0 only. */
    public static final String V2_0 = "2.0";

    /** LVA (direct methods {@code GraphTopologySet}, ...). */
    public static final List<String> LVA = List.of(V1_0, V2_0);
    /** AVA (direct methods {@code pipelineTopologySet}, ...). */
    public static final List<String> AVA = List.of(V1_0, V1_1);
    /** Any of them (a document on its own, e.g. a stored instance, or OpenLVA's own node kinds). */
    public static final List<String> ALL = List.of(V1_0, V1_1, V2_0);
    /** Assumed when a REST body has none. */
    public static final String DEFAULT = V2_0;

    private ApiVersions() {
    }

    public static boolean supported(String apiVersion) {
        return apiVersion != null && ALL.contains(apiVersion.trim());
    }

    /** For error messages: "1.0 or 2.0 (LVA) or 1.0 or 1.1 (AVA)". */
    public static String describe() {
        return String.join(" or ", LVA) + " (LVA) or " + String.join(" or ", AVA) + " (AVA)";
    }
}
