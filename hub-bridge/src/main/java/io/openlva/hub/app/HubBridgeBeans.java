package io.openlva.hub.app;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.Topics;
import io.openlva.hub.config.HubConfig;
import io.openlva.hub.console.EventFeed;
import io.openlva.hub.events.HubEvents;
import io.openlva.hub.events.ServiceFailures;
import io.openlva.hub.console.FramePreview;
import io.openlva.hub.console.RecorderClient;
import io.openlva.hub.console.ServicesProbe;
import io.openlva.hub.graph.GraphOperations;
import io.openlva.hub.methods.DirectMethods;
import io.openlva.hub.store.GraphStore;
import io.openlva.hub.store.StatusReports;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/** Wires the plain classes (store, operations, methods) into the application. */
@ApplicationScoped
public class HubBridgeBeans {

    /** Completes activations and deactivations once their reports are in; never a request thread. */
    private final ExecutorService completions = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "graph-transitions");
        t.setDaemon(true);
        return t;
    });

    @Produces
    @Singleton
    GraphStore graphStore(KafkaFactory kafka, Topics topics, HubConfig config) {
        return new GraphStore(kafka, topics, config.writeTimeout());
    }

    void closeStore(@Disposes GraphStore store) {
        store.close();
    }

    @PreDestroy
    void stop() {
        completions.shutdownNow();
    }

    @Produces
    @Singleton
    GraphOperations graphOperations(GraphStore store, StatusReports reports, HubEvents events, HubConfig config,
            MeterRegistry registry) {
        reports.onReport(new ServiceFailures(store, events, Instant.now())::reported);
        return new GraphOperations(store, reports, events::emit, config.transitionTimeout(), completions, registry);
    }

    @Produces
    @Singleton
    HubEvents hubEvents(KafkaFactory kafka, Topics topics, MeterRegistry registry) {
        return new HubEvents(kafka, topics.events(), registry);
    }

    void closeHubEvents(@Disposes HubEvents events) {
        events.close();
    }

    @Produces
    @Singleton
    EventFeed eventFeed(KafkaFactory kafka, Topics topics, ServiceHealth health, HubConfig config,
            MeterRegistry registry) {
        return new EventFeed(kafka, topics, health, config.console().eventBuffer(), registry);
    }

    void closeEvents(@Disposes EventFeed feed) {
        feed.close();
    }

    @Produces
    @Singleton
    FramePreview framePreview(KafkaFactory kafka, Topics topics, ServiceHealth health, HubConfig config,
            MeterRegistry registry) {
        return new FramePreview(kafka, topics, health, config.console().previewIdle(), Clock.systemUTC(), registry);
    }

    void closePreview(@Disposes FramePreview preview) {
        preview.close();
    }

    @Produces
    @Singleton
    RecorderClient recorderClient(HubConfig config) {
        return new RecorderClient(config.console().recorderUrl(), config.apiToken());
    }

    @Produces
    @Singleton
    ServicesProbe servicesProbe(HubConfig config) {
        return new ServicesProbe(config.console().serviceUrls());
    }

    @Produces
    @Singleton
    DirectMethods directMethods(GraphOperations operations) {
        return new DirectMethods(operations);
    }
}
