package io.openlva.hub.store;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.NodeKind;
import io.openlva.hub.config.HubConfig;
import io.openlva.hub.graph.GraphOperations;
import io.openlva.hub.methods.DirectMethods;

/** Wires the plain classes (store, operations, methods) into the application. */
@ApplicationScoped
public class StoreBeans {

    @Produces
    @Singleton
    Topics topics(@ConfigProperty(name = "openlva.topic-prefix", defaultValue = Topics.DEFAULT_PREFIX) String prefix) {
        return new Topics(prefix);
    }

    @Produces
    @Singleton
    GraphStore graphStore(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, Topics topics,
            HubConfig config) {
        return new GraphStore(bootstrapServers, topics, config.mediaPartitions());
    }

    void closeStore(@Disposes GraphStore store) {
        store.close();
    }

    @Produces
    @Singleton
    GraphOperations graphOperations(GraphStore store, HubConfig config) {
        return new GraphOperations(store, runnableKinds(config), config.deactivationGrace());
    }

    @Produces
    @Singleton
    DirectMethods directMethods(GraphOperations operations) {
        return new DirectMethods(operations);
    }

    static Set<NodeKind> runnableKinds(HubConfig config) {
        Set<NodeKind> kinds = EnumSet.noneOf(NodeKind.class);
        for (String k : config.runnableNodeKinds()) {
            String name = k.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                kinds.add(NodeKind.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("openlva.hub.runnable-node-kinds: unknown node kind '" + k
                        + "', known: " + java.util.Arrays.toString(NodeKind.values()));
            }
        }
        return kinds;
    }
}
