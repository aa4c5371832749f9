package io.openlva.hub.iothub;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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
import io.openlva.runtime.KafkaFactory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;

/**
 * Starts the IoT Hub side when one is configured: direct methods, the event publisher ({@link EventPublisher}, whose
 * channel starts paused and is resumed here), the message source. Inside IoT Edge (IOTEDGE_* variables) a module
 * client from the environment; else a connection string; else no IoT Hub at all (the REST API and Kafka work alone,
 * and events stay in Kafka).
 */
@ApplicationScoped
public class IotHubBridge {

    private static final Logger LOG = Logger.getLogger(IotHubBridge.class);

    private final HubConfig config;
    private final GraphStore store;
    private final DirectMethods methods;
    private final Topics topics;
    private final ResolvedGraphs graphs;
    private final ChannelRegistry channels;
    private final KafkaFactory kafka;
    private final MeterRegistry registry;
    private volatile HubClient client;
    /** Where diagnostics and operational events go: configured, then as the module twin says. */
    private final ModuleTwin twin;
    private HubMessageSource source;

    public IotHubBridge(HubConfig config, GraphStore store, DirectMethods methods, Topics topics, ResolvedGraphs graphs,
            ChannelRegistry channels, KafkaFactory kafka,
            MeterRegistry registry) {
        this.config = config;
        this.store = store;
        this.methods = methods;
        this.topics = topics;
        this.graphs = graphs;
        this.channels = channels;
        this.kafka = kafka;
        this.registry = registry;
        this.twin = new ModuleTwin(config.iothub().diagnosticsEventsOutputName(),
                config.iothub().operationalEventsOutputName());
    }

    /** The publishing settings: hub-bridge's configuration, overridden by the module twin when running as a module. */
    ModuleTwin twin() {
        return twin;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        Optional<HubClient> hub = createClient();
        if (hub.isEmpty()) {
            LOG.info("no IoT Hub configured (no IOTEDGE_* environment, no openlva.hub.iothub.connection-string): "
                    + "graph API over HTTP only");
            return;
        }
        HubClient c = hub.get();
        source = new HubMessageSource(kafka, topics.events(), graphs, registry);
        // the SDK calls back synchronously: this thread waits for the answer, bounded
        long answerWithinMs = config.transitionTimeout().plus(config.writeTimeout().multipliedBy(3)).toMillis();
        c.start((name, payload, ctx) -> {
            MethodResult r;
            try {
                r = methods.invoke(name, payload == null ? null : payload.getPayloadAsJsonString())
                        .toCompletableFuture().get(answerWithinMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                r = DirectMethods.failure(name, e);
            } catch (ExecutionException | TimeoutException e) {
                r = DirectMethods.failure(name, e);
            }
            return new DirectMethodResponse(r.status(),
                    r.payload() == null ? JsonNull.INSTANCE : JsonParser.parseString(r.payload()));
        }, message -> {
            if (!store.ready()) {
                throw new IllegalStateException("graph state not loaded yet");
            }
            source.accept(message);
        }, twin);
        client = c;
        channels.getPausable(EventPublisher.CHANNEL).resume();
        LOG.infof("IoT Hub bridge started as %s; publishing %s as consumer group %s, %d instances at once", c,
                topics.events(), config.iothub().consumerGroup(), config.iothub().maxInFlight());
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

    /** The IoT Hub client, or null while none is configured or started. */
    HubClient client() {
        return client;
    }

    /** Whether an IoT Hub is configured and connected now. */
    public boolean connected() {
        HubClient c = client;
        return c != null && c.connected();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
        if (source != null) {
            source.close();
        }
    }
}
