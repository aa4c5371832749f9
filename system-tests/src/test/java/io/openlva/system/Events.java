package io.openlva.system;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.launcher.EventLog;

/** Waiting for events of the running pipeline. */
final class Events {

    private Events() {
    }

    /** The first event after {@code since} that matches, waiting at most {@code timeout}. */
    static GraphEvent await(EventLog log, Instant since, Duration timeout, String what, Predicate<GraphEvent> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (GraphEvent e : log.events()) {
                if (!e.eventTime().isBefore(since) && match.test(e)) {
                    return e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ie);
            }
        }
        List<GraphEvent> seen = log.events();
        StringBuilder last = new StringBuilder();
        seen.subList(Math.max(0, seen.size() - 15), seen.size()).forEach(e -> last.append("\n  ").append(EventLog.format(e)));
        throw new AssertionError("no " + what + " within " + timeout + "; last events:" + last);
    }

    static Predicate<GraphEvent> from(String instance, String node, String eventType) {
        return e -> instance.equals(e.instance()) && node.equals(e.node()) && eventType.equals(e.eventType());
    }

    static Predicate<GraphEvent> detection(String instance, String node, String tag) {
        return from(instance, node, EventTypes.INFERENCE).and(e -> {
            for (JsonNode inf : e.body().path("inferences")) {
                if (tag.equals(inf.path("entity").path("tag").path("value").asText())) {
                    return true;
                }
            }
            return false;
        });
    }

    static Predicate<GraphEvent> motion(String instance, String node) {
        return from(instance, node, EventTypes.INFERENCE).and(e -> {
            for (JsonNode inf : e.body().path("inferences")) {
                if ("motion".equals(inf.path("type").asText())) {
                    return true;
                }
            }
            return false;
        });
    }
}
