package io.openlva.hub.iothub;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Where events go: IoT Hub through {@link HubClient}. */
public interface HubSender {

    boolean connected();

    /** Completes when IoT Hub acknowledged the message. */
    CompletableFuture<Void> send(byte[] body, Map<String, String> properties, String outputName);
}
