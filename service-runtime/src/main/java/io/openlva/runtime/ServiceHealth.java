package io.openlva.runtime;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/**
 * What the service's health checks say, fed by the start-up ({@link ServiceStartup}), the Kafka probe and the
 * consumer loops ({@link ConsumerLoop}). Readiness: started, Kafka answers, no loop retrying, and the service's own
 * condition ({@link ServiceApp#notReadyReason()}). Liveness: no loop failed beyond recovery; when one has,
 * Kubernetes restarts the pod.
 */
@Singleton
public class ServiceHealth {

    /** The readiness reason once everything is up. */
    public static final String READY = "ready";

    private volatile String startup = "starting";
    private volatile String kafka;
    private final Map<String, String> retrying = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    /** Start-up is not done: why (e.g. "waiting for Kafka at ..."). */
    public void starting(String reason) {
        startup = reason;
    }

    public void started() {
        startup = null;
    }

    /** The Kafka probe's verdict: null when the cluster answers. */
    public void kafka(String problem) {
        kafka = problem;
    }

    /** A loop hit a transient failure and retries: not ready meanwhile. */
    public void retrying(String loop, String reason) {
        retrying.put(loop, reason);
    }

    /** The loop works again. */
    public void recovered(String loop) {
        retrying.remove(loop);
    }

    /** A loop failed and cannot recover: liveness goes down and stays down until the process restarts. */
    public void failed(String loop, String reason) {
        retrying.remove(loop);
        failed.put(loop, reason);
    }

    /** Why the service is not ready, or {@link #READY}; {@code service} is the service's own reason (may be null). */
    public String readiness(String service) {
        return reason(startup, kafka, new TreeMap<>(retrying), new TreeMap<>(failed), service);
    }

    public boolean live() {
        return failed.isEmpty();
    }

    /** The failed loops and why. */
    public Map<String, String> failures() {
        return new TreeMap<>(failed);
    }

    /** The first reason in the order a person would fix them: start-up, Kafka, failed and retrying loops, the service. */
    static String reason(String startup, String kafka, Map<String, String> retrying, Map<String, String> failed,
            String service) {
        if (startup != null) {
            return startup;
        }
        if (kafka != null) {
            return kafka;
        }
        if (!failed.isEmpty()) {
            var e = failed.entrySet().iterator().next();
            return e.getKey() + " failed: " + e.getValue();
        }
        if (!retrying.isEmpty()) {
            var e = retrying.entrySet().iterator().next();
            return e.getKey() + " retrying: " + e.getValue();
        }
        return service != null ? service : READY;
    }
}
