package io.openlva.graph.contract;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.model.Flavor;

/**
 * The envelope an instance's events wear on Kafka and IoT Hub: LVA's for media graphs, AVA's for live pipelines
 * (topologies of the {@code #Microsoft.VideoAnalyzer.*} family). Inside OpenLVA every event is held in LVA's form
 * ({@code Microsoft.Media.Graph.*}, {@code /graphInstances/...}); {@link GraphEvent} applies the envelope where an
 * event leaves (a Kafka record, IoT Hub application properties) and takes it off where one is read, so the
 * services that emit or consume events never branch on the flavor.
 *
 * <p>Which instance is an AVA pipeline is learnt from the graph topics: every service's {@code GraphFollower} calls
 * {@link #follow} with each new view. The module name of AVA's subjects comes from {@code OPENLVA_AVA_MODULE_NAME}
 * (system property {@code openlva.ava.module-name}), default {@code avaedge} as in AVA's documentation.
 */
public final class EventEnvelope {

    public static final String DEFAULT_MODULE = "avaedge";
    static final String LVA_TYPE = "Microsoft.Media.Graph.";
    static final String AVA_TYPE = "Microsoft.VideoAnalyzer.";
    static final String LVA_SUBJECT = "/graphInstances/";
    static final String AVA_SUBJECT = "/livePipelines/";

    private static volatile Map<String, Flavor> flavors = Map.of();
    private static final String MODULE = moduleName();

    private EventEnvelope() {
    }

    /** The flavor of each instance's topology, from the latest view of the graph topics. */
    public static void follow(Map<String, Flavor> instanceFlavors) {
        flavors = Map.copyOf(instanceFlavors);
    }

    public static boolean ava(String instance) {
        return instance != null && flavors.get(instance) == Flavor.VIDEO_ANALYZER;
    }

    public static String module() {
        return MODULE;
    }

    /** {@code Microsoft.VideoAnalyzer.Analytics.Inference} for an AVA pipeline's Inference event. */
    public static String eventType(String instance, String lvaType) {
        if (!ava(instance)) {
            return lvaType;
        }
        String renamed = EventTypes.AVA_NAMES.get(lvaType);
        if (renamed != null) {
            return renamed;
        }
        return lvaType.startsWith(LVA_TYPE) ? AVA_TYPE + lvaType.substring(LVA_TYPE.length()) : lvaType;
    }

    /**
     * The {@code topic} application property: an AVA pipeline's events name the Video Analyzer account
     * ({@code /subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Media/videoAnalyzers/{account}}) when
     * {@code OPENLVA_AVA_TOPIC} (system property {@code openlva.ava.topic}) gives it and the emitter set no topic of
     * its own; else the event's topic.
     */
    public static String topic(String instance, String topic) {
        if (!ava(instance) || (topic != null && !GraphEvent.DEFAULT_TOPIC.equals(topic))) {
            return topic;
        }
        String account = setting("openlva.ava.topic", "OPENLVA_AVA_TOPIC");
        // a resource id or nothing: an unsubstituted "${...}" from a compose tool is not a topic
        return account != null && account.startsWith("/") && !account.matches(".*\\s.*") ? account : topic;
    }

    /** {@code /edgeModules/{module}/livePipelines/{pipeline}/...} for an AVA pipeline. */
    public static String subject(String instance, String lvaSubject) {
        return ava(instance) && lvaSubject.startsWith(LVA_SUBJECT)
                ? "/edgeModules/" + MODULE + AVA_SUBJECT + lvaSubject.substring(LVA_SUBJECT.length())
                : lvaSubject;
    }

    /**
     * AVA named a VideoSink's output {@code videoName} where LVA's asset sink said {@code assetName}; the body is
     * otherwise the same.
     */
    public static JsonNode body(String instance, JsonNode body) {
        if (ava(instance) && body instanceof ObjectNode o && "assetName".equals(o.path("outputType").asText(null))) {
            ObjectNode copy = o.deepCopy();
            copy.put("outputType", "videoName");
            return copy;
        }
        return body;
    }

    /** LVA's form of an event type read from Kafka or a consumer, whichever envelope it wore. */
    public static String lvaEventType(String type) {
        for (Map.Entry<String, String> n : EventTypes.AVA_NAMES.entrySet()) {
            if (n.getValue().equals(type)) {
                return n.getKey();
            }
        }
        return type != null && type.startsWith(AVA_TYPE) ? LVA_TYPE + type.substring(AVA_TYPE.length()) : type;
    }

    /**
     * LVA's form of a subject in either envelope: AVA's edge form {@code /edgeModules/m/livePipelines/p/...} and the
     * prefix-less form some AVA pages show ({@code /livePipelines/p/...}) are both read.
     */
    public static String lvaSubject(String subject) {
        if (subject == null) {
            return null;
        }
        int at = subject.indexOf(AVA_SUBJECT);
        if (at == 0 || (at > 0 && subject.startsWith("/edgeModules/") && subject.indexOf('/', "/edgeModules/".length()) == at)) {
            return LVA_SUBJECT + subject.substring(at + AVA_SUBJECT.length());
        }
        return subject;
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property, System.getenv(env));
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String moduleName() {
        String m = System.getProperty("openlva.ava.module-name", System.getenv("OPENLVA_AVA_MODULE_NAME"));
        return m == null || m.isBlank() || m.contains("/") ? DEFAULT_MODULE : m.trim();
    }
}
