package io.openlva.devkit.iothub;

import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;

/**
 * The cloud side of IoT Hub's MQTT protocol, on the test broker: reads device telemetry
 * ({@code devices/{id}/messages/events/{properties}}), invokes direct methods
 * ({@code $iothub/methods/POST/{name}/?$rid=N}, replies on {@code $iothub/methods/res/{status}/?$rid=N})
 * sends cloud-to-device messages ({@code devices/{id}/messages/devicebound/{properties}}) and keeps the twin of the
 * device or module on it: answers {@code $iothub/twin/GET/?$rid=N} on {@code $iothub/twin/res/200/?$rid=N} with
 * {@code {desired, reported}}, takes reported patches ({@code $iothub/twin/PATCH/properties/reported/?$rid=N},
 * answered 204 with the new version) and sends desired patches on {@code $iothub/twin/PATCH/properties/desired/?$version=N}.
 * One twin: the tests run one device or module at a time.
 */
public final class TestIotHub implements AutoCloseable {

    /** One device-to-cloud message: its topic's device/module, properties and body. */
    public record Telemetry(String topic, Map<String, String> properties, String body) {
    }

    public record MethodReply(int status, String payload) {
    }

    private static final String[] SUBSCRIPTIONS = {
        "devices/+/messages/events/#", "devices/+/modules/+/messages/events/#", "$iothub/methods/res/#",
        "$iothub/twin/GET/#", "$iothub/twin/PATCH/properties/reported/#" };

    private final MqttClient client;
    private final List<Telemetry> telemetry = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<MethodReply>> replies = new ConcurrentHashMap<>();
    private final AtomicInteger rid = new AtomicInteger();
    /** The twin; guarded by this. Versions start at 1 as IoT Hub's do. */
    private final ObjectNode desired = Json.mapper().createObjectNode();
    private final ObjectNode reported = Json.mapper().createObjectNode();
    private int desiredVersion = 1;
    private int reportedVersion = 1;
    private final AtomicInteger twinReads = new AtomicInteger();
    /** Answers go out here, never from Paho's callback thread. */
    private final ExecutorService answers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-iothub-twin");
        t.setDaemon(true);
        return t;
    });

    public TestIotHub(Path caPem) throws Exception {
        this(caPem, "{}");
    }

    /** With the twin's desired properties set before anyone can read it (a deployment manifest's). */
    public TestIotHub(Path caPem, String desiredJson) throws Exception {
        desired.setAll((ObjectNode) Json.read(desiredJson));
        client = new MqttClient("ssl://localhost:" + MosquittoBroker.PORT, "test-iothub-cloud", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(trustingOnly(caPem).getSocketFactory());
        // a persistent session: what the device sends while this reader reconnects waits in the broker
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1000);
        options.setConnectionTimeout(10);
        options.setMaxInflight(1000);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    // never block Paho's callback thread
                    new Thread(TestIotHub.this::subscribe, "test-iothub-resubscribe").start();
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(options);
        subscribe();
    }

    private void subscribe() {
        try {
            client.subscribe(SUBSCRIPTIONS, new int[] { 1, 1, 1, 1, 1 });
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean connected() {
        return client.isConnected();
    }

    private void onMessage(String topic, MqttMessage message) {
        String body = new String(message.getPayload(), StandardCharsets.UTF_8);
        if (topic.startsWith("$iothub/methods/res/")) {
            String[] parts = topic.split("/");
            int status = Integer.parseInt(parts[3]);
            String id = topic.substring(topic.indexOf("$rid=") + 5);
            CompletableFuture<MethodReply> f = replies.remove(id);
            if (f != null) {
                f.complete(new MethodReply(status, body));
            }
            return;
        }
        if (topic.startsWith("$iothub/twin/GET/")) {
            String id = param(topic, "$rid");
            twinReads.incrementAndGet();
            answers.execute(() -> publish("$iothub/twin/res/200/?$rid=" + id, twinDocument()));
            return;
        }
        if (topic.startsWith("$iothub/twin/PATCH/properties/reported/")) {
            String id = param(topic, "$rid");
            int version = patchReported(body);
            answers.execute(() -> publish("$iothub/twin/res/204/?$rid=" + id + "&$version=" + version, ""));
            return;
        }
        int events = topic.indexOf("/messages/events/");
        String props = events >= 0 ? topic.substring(events + "/messages/events/".length()) : "";
        telemetry.add(new Telemetry(topic, parseProperties(props), body));
    }

    public static Map<String, String> parseProperties(String encoded) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            props.put(k, v);
        }
        return props;
    }

    /** Invokes a direct method as IoT Hub does and waits for the device's reply. */
    public MethodReply invoke(String method, String payload) throws Exception {
        String id = Integer.toString(rid.incrementAndGet());
        CompletableFuture<MethodReply> reply = new CompletableFuture<>();
        replies.put(id, reply);
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(0);
        client.publish("$iothub/methods/POST/" + method + "/?$rid=" + id, m);
        return reply.get(20, TimeUnit.SECONDS);
    }

    /** A cloud-to-device message with properties (e.g. inputName) to {@code deviceId}. */
    public void sendToDevice(String deviceId, Map<String, String> properties, String body) throws MqttException {
        // as IoT Hub: system properties first ($.mid, $.to), then the application properties
        StringBuilder t = new StringBuilder("devices/" + deviceId + "/messages/devicebound/%24.mid="
                + java.util.UUID.randomUUID() + "&%24.to=%2Fdevices%2F" + deviceId + "%2Fmessages%2FdeviceBound");
        properties.forEach((k, v) -> {
            t.append('&');
            t.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        MqttMessage m = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        client.publish(t.toString(), m);
    }

    /** A message to a module's input, as IoT Edge routes deliver it. */
    public void sendToModuleInput(String deviceId, String moduleId, String input, String body) throws MqttException {
        String t = "devices/" + deviceId + "/modules/" + moduleId + "/inputs/" + input + "/%24.mid="
                + java.util.UUID.randomUUID() + "&%24.to=%2Fdevices%2F" + deviceId + "%2Fmodules%2F" + moduleId
                + "%2Finputs%2F" + input;
        MqttMessage m = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        client.publish(t, m);
    }

    /** The desired properties a deployment gives the twin before the module starts (no patch is sent). */
    public synchronized void setDesired(String desiredJson) {
        desired.removeAll();
        desired.setAll((ObjectNode) Json.read(desiredJson));
        desiredVersion++;
    }

    /**
     * Changes desired properties as a back end does: merged into the twin (a null removes the property) and sent to
     * the connected device or module as a desired-properties patch.
     */
    public void patchDesired(String patchJson) throws MqttException {
        ObjectNode patch = (ObjectNode) Json.read(patchJson);
        int version;
        synchronized (this) {
            patch.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    desired.remove(f.getKey());
                } else {
                    desired.set(f.getKey(), f.getValue());
                }
            });
            version = ++desiredVersion;
        }
        patch.put("$version", version);
        MqttMessage m = new MqttMessage(patch.toString().getBytes(StandardCharsets.UTF_8));
        m.setQos(0);
        client.publish("$iothub/twin/PATCH/properties/desired/?$version=" + version, m);
    }

    /** How many times a device or module read the whole twin. */
    public int twinReads() {
        return twinReads.get();
    }

    /** The reported properties the device or module wrote. */
    public synchronized String reported() {
        return reported.toString();
    }

    private synchronized String twinDocument() {
        ObjectNode twin = Json.mapper().createObjectNode();
        twin.set("desired", desired.deepCopy().put("$version", desiredVersion));
        twin.set("reported", reported.deepCopy().put("$version", reportedVersion));
        return twin.toString();
    }

    private synchronized int patchReported(String body) {
        JsonNode patch = Json.read(body.isBlank() ? "{}" : body);
        patch.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                reported.remove(f.getKey());
            } else {
                reported.set(f.getKey(), f.getValue());
            }
        });
        return ++reportedVersion;
    }

    private void publish(String topic, String payload) {
        try {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(0);
            client.publish(topic, m);
        } catch (MqttException e) {
            // the device asks again when its request times out
        }
    }

    /** A {@code $name=value} parameter of a topic's query part. */
    private static String param(String topic, String name) {
        int q = topic.indexOf('?');
        return q < 0 ? null : parseProperties(topic.substring(q + 1)).get(name);
    }

    public List<Telemetry> telemetry() {
        return new ArrayList<>(telemetry);
    }

    public void clear() {
        telemetry.clear();
    }

    @Override
    public void close() throws MqttException {
        answers.shutdownNow();
        client.disconnectForcibly(1000, 1000);
        client.close(true);
    }

    /** TLS that trusts the test CA alone: this side only ever talks to the local broker. */
    private static SSLContext trustingOnly(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("test-ca-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLSv1.2");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
