package io.openlva.hub.events;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.openlva.graph.contract.InstanceStatus;
import io.openlva.graph.contract.RuntimeError;
import io.openlva.graph.contract.Subjects;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.Secrets;
import io.openlva.hub.store.GraphStore;

/**
 * A service's report that it stopped running an instance which is Active (no state change pending: the report is
 * about the Active record or a later one) is a failure at run time: a {@code Diagnostics.RuntimeError} on the
 * instance, with the service's reason. Refusals during an activation are not: they refuse the activation by name
 * (GraphOperations). Reports written before this process started (the compacted topic is read from its beginning)
 * were seen by the process before; one event per service, instance record and reason.
 */
public class ServiceFailures {

    private static final Logger LOG = Logger.getLogger(ServiceFailures.class);

    private final GraphStore store;
    private final HubEvents events;
    private final Instant since;
    /** The last report an event was emitted for, per report key; guarded by this. */
    private final Map<String, InstanceStatus> emitted = new HashMap<>();

    public ServiceFailures(GraphStore store, HubEvents events, Instant since) {
        this.store = store;
        this.events = events;
        this.since = since;
    }

    /** Called with every report read from the status topic. */
    public void reported(InstanceStatus s) {
        if (s.state() != InstanceState.INACTIVE || s.detail() == null || s.time().isBefore(since)) {
            return;
        }
        Optional<Instance> instance = store.instance(s.instance());
        if (instance.isEmpty() || instance.get().state() != InstanceState.ACTIVE
                || s.instanceVersion() < store.snapshot().instanceVersion(s.instance())) {
            return;
        }
        synchronized (this) {
            InstanceStatus last = emitted.get(s.key());
            if (last != null && last.instanceVersion() == s.instanceVersion() && last.detail().equals(s.detail())) {
                return;
            }
            emitted.put(s.key(), s);
        }
        String why = s.service().serviceName() + " stopped running its nodes: " + s.detail();
        LOG.warnf("graph instance '%s' is active but %s", s.instance(), Secrets.maskUrlsIn(why));
        events.emit(new RuntimeError(RuntimeError.SERVICE_STOPPED, why)
                .event(null, s.instance(), Subjects.instance(s.instance()), -1));
    }
}
