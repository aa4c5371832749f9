package io.openlva.graph.contract;

/** LVA event subjects: {@code /graphInstances/{instance}/{sources|processors|sinks}/{node}}. */
public final class Subjects {

    private Subjects() {
    }

    public static String source(String instance, String node) {
        return "/graphInstances/" + instance + "/sources/" + node;
    }

    public static String processor(String instance, String node) {
        return "/graphInstances/" + instance + "/processors/" + node;
    }

    public static String sink(String instance, String node) {
        return "/graphInstances/" + instance + "/sinks/" + node;
    }

    public static String instance(String instance) {
        return "/graphInstances/" + instance;
    }

    /** The node name at the end of a subject, or null when the subject names no node. */
    public static String nodeOf(String subject) {
        if (subject == null) {
            return null;
        }
        String[] parts = subject.split("/");
        // "", "graphInstances", instance, kind, node
        return parts.length == 5 ? parts[4] : null;
    }

    /** The instance name in a subject, or null. */
    public static String instanceOf(String subject) {
        if (subject == null) {
            return null;
        }
        String[] parts = subject.split("/");
        return parts.length >= 3 && "graphInstances".equals(parts[1]) ? parts[2] : null;
    }
}
