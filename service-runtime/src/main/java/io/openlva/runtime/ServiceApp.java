package io.openlva.runtime;

import org.apache.kafka.clients.admin.Admin;

import io.openlva.graph.follow.GraphSnapshot;

/**
 * The service itself, as {@link ServiceStartup} drives it: each service has exactly one bean implementing this
 * (in its {@code app/} package). The order is always: {@link #start} once Kafka answers and the shared topics
 * exist, {@link #graphChanged} with the replayed graph state and every change after, {@link #caughtUp} once the
 * graph topics were read to their end, {@link #close} on shutdown.
 */
public interface ServiceApp {

    /**
     * Kafka answers and the shared topics exist: create this service's own topics and Kafka clients and start what
     * does not need the graph state. Runs on the start-up thread. Throwing makes the runtime call {@link #close},
     * wait the shared backoff and call this again.
     */
    void start(Admin admin);

    /** The graph state (first call: the replayed state); on the graph follower's thread, must not block long. */
    void graphChanged(GraphSnapshot graph);

    /** The graph topics were replayed to their end: start consuming media. */
    default void caughtUp() {
    }

    /** Stops what {@link #start} started; idempotent, also called after a failed start. */
    void close();
}
