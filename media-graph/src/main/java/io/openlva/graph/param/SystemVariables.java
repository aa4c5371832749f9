package io.openlva.graph.param;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;


/**
 * LVA and AVA system variables. Names are resolved with the graph; date-times are kept until a file or asset
 * is actually created ({@link #expandRuntime}).
 */
public final class SystemVariables {

    /** LVA 1.0/2.0 spellings. */
    public static final String GRAPH_TOPOLOGY_NAME = "System.GraphTopologyName";
    public static final String GRAPH_INSTANCE_NAME = "System.GraphInstanceName";
    public static final String DATE_TIME = "System.DateTime";
    public static final String PRECISE_DATE_TIME = "System.PreciseDateTime";
    /** AVA spellings. */
    public static final String TOPOLOGY_NAME = "System.TopologyName";
    public static final String PIPELINE_NAME = "System.PipelineName";
    public static final String RUNTIME_DATE_TIME = "System.Runtime.DateTime";
    public static final String RUNTIME_PRECISE_DATE_TIME = "System.Runtime.PreciseDateTime";

    private static final Set<String> KNOWN = Set.of(GRAPH_TOPOLOGY_NAME, GRAPH_INSTANCE_NAME, DATE_TIME, PRECISE_DATE_TIME, TOPOLOGY_NAME,
            PIPELINE_NAME, RUNTIME_DATE_TIME, RUNTIME_PRECISE_DATE_TIME);
    /** LVA's format: 20200710T150506Z. */
    private static final DateTimeFormatter DATE_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PRECISE_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SystemVariables() {
    }

    public static boolean isKnown(String reference) {
        return KNOWN.contains(reference);
    }

    /** Value of a name variable for a graph, or null for run-time (date-time) and unknown variables. */
    public static String graphValue(String reference, String topologyName, String instanceName) {
        return switch (reference) {
            case GRAPH_TOPOLOGY_NAME, TOPOLOGY_NAME -> topologyName;
            case GRAPH_INSTANCE_NAME, PIPELINE_NAME -> instanceName;
            default -> null;
        };
    }

    /** Replaces the date-time variables of a resolved pattern (e.g. a file name) with {@code now}. */
    public static String expandRuntime(String pattern, Instant now) {
        if (pattern == null) {
            return null;
        }
        return Placeholders.substitute(pattern, ref -> switch (ref) {
            case DATE_TIME, RUNTIME_DATE_TIME -> DATE_TIME_FORMAT.format(now);
            case PRECISE_DATE_TIME, RUNTIME_PRECISE_DATE_TIME -> PRECISE_FORMAT.format(now);
            default -> null;
        });
    }
}
