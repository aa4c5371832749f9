package io.openlva.hub.iothub;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.google.gson.JsonNull;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.Topics;
import io.openlva.hub.config.HubConfig;
import io.openlva.hub.graph.MethodResult;
import io.openlva.hub.methods.DirectMethods;
import io.openlva.hub.store.GraphStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the IoT Hub side when one is configured: direct methods, the event publisher, the message source.
 * Inside IoT Edge (IOTEDGE_* variables) a module client from the environment; else a connection string; else
 * no IoT Hub at all (the REST API and Kafka work alone).
 */
@ApplicationScoped
public class IotHubBridge {

    private static final Logger LOG = Logger.getLogger(IotHubBridge.class);

    private final HubConfig config;
    private final GraphStore store;
    private final DirectMethods methods;
    private final Topics topics;
    private final String bootstrapServers;
    private final MeterRegistry registry;
    private HubClient client;
    private EventPublisher publisher;
    private HubMessageSource source;

    public IotHubBridge(HubConfig config, GraphStore store, DirectMethods methods, Topics topics,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, MeterRegistry registry) {
        this.config = config;
        this.store = store;
        this.methods = methods;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        Optional<HubClient> hub = createClient();
        if (hub.isEmpty()) {
            LOG.info("no IoT Hub configured (no IOTEDGE_* environment, no openlva.hub.iothub.connection-string): "
                    + "graph API over HTTP only");
            return;
        }
        client = hub.get();
        ResolvedGraphs graphs = new ResolvedGraphs(store);
        source = new HubMessageSource(bootstrapServers, topics.events(), graphs, registry);
        HubSender sender = new HubSender() {
            @Override
            public boolean connected() {
                return client.connected() && store.ready();
            }

            @Override
            public CompletableFuture<Void> send(byte[] body, Map<String, String> properties, String outputName) {
                return client.send(body, properties, outputName);
            }
        };
        HubConfig.IotHub c = config.iothub();
        publisher = new EventPublisher(bootstrapServers, topics.events(), c.consumerGroup(), sender,
                new EventRoutes(graphs::graphOf, c.diagnosticsEventsOutputName(), c.operationalEventsOutputName()),
                c.messageTtl(), c.maxInFlight(), c.sendTimeout(), c.retryBackoff(), registry, Clock.systemUTC());
        client.start((name, payload, ctx) -> {
            MethodResult r = methods.invoke(name, payload == null ? null : payload.getPayloadAsJsonString());
            return new DirectMethodResponse(r.status(),
                    r.payload() == null ? JsonNull.INSTANCE : JsonParser.parseString(r.payload().toString()));
        }, message -> {
            if (!store.ready()) {
                throw new IllegalStateException("graph state not loaded yet");
            }
            source.accept(message);
        });
        publisher.start();
        LOG.infof("IoT Hub bridge started as %s", client);
    }

    private Optional<HubClient> createClient() throws Exception {
        Map<String, String> env = System.getenv();
        if (env.containsKey("IOTEDGE_WORKLOADURI") && env.containsKey("IOTEDGE_MODULEID")) {
            return Optional.of(HubClient.fromEdgeEnvironment());
        }
        Optional<String> cs = config.iothub().connectionString().filter(s -> !s.isBlank());
        if (cs.isEmpty()) {
            return Optional.empty();
        }
        SSLContext ssl = config.iothub().trustedCaPath().isPresent()
                ? HubClient.trusting(Path.of(config.iothub().trustedCaPath().get()))
                : null;
        return Optional.of(HubClient.fromConnectionString(cs.get(), ssl));
    }

    /** Whether an IoT Hub is configured and connected now. */
    public boolean connected() {
        return client != null && client.connected();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (publisher != null) {
            publisher.close();
        }
        if (client != null) {
            client.close();
        }
        if (source != null) {
            source.close();
        }
    }
}
