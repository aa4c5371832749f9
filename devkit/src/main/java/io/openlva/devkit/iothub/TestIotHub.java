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

/**
 * The cloud side of IoT Hub's MQTT protocol, on the test broker: reads device telemetry
 * ({@code devices/{id}/messages/events/{properties}}), invokes direct methods
 * ({@code $iothub/methods/POST/{name}/?$rid=N}, replies on {@code $iothub/methods/res/{status}/?$rid=N})
 * and sends cloud-to-device messages ({@code devices/{id}/messages/devicebound/{properties}}).
 */
public final class TestIotHub implements AutoCloseable {

    /** One device-to-cloud message: its topic's device/module, properties and body. */
    public record Telemetry(String topic, Map<String, String> properties, String body) {
    }

    public record MethodReply(int status, String payload) {
    }

    private static final String[] SUBSCRIPTIONS = {
        "devices/+/messages/events/#", "devices/+/modules/+/messages/events/#", "$iothub/methods/res/#" };

    private final MqttClient client;
    private final List<Telemetry> telemetry = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<MethodReply>> replies = new ConcurrentHashMap<>();
    private final AtomicInteger rid = new AtomicInteger();

    public TestIotHub(Path caPem) throws Exception {
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
            client.subscribe(SUBSCRIPTIONS, new int[] { 1, 1, 1 });
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

    public List<Telemetry> telemetry() {
        return new ArrayList<>(telemetry);
    }

    public void clear() {
        telemetry.clear();
    }

    @Override
    public void close() throws MqttException {
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
