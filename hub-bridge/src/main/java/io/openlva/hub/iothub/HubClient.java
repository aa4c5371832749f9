package io.openlva.hub.iothub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jboss.logging.Logger;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.InternalClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.transport.IotHubConnectionStatus;
import com.microsoft.azure.sdk.iot.device.twin.MethodCallback;

import io.openlva.runtime.Backoff;

/**
 * The one IoT Hub connection (MQTT): a module client inside IoT Edge (IOTEDGE_* variables), else a device or
 * module client from a connection string. Keeps itself open: when the SDK gives up retrying, it reopens.
 */
public class HubClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HubClient.class);
    /** How often the connection keeper looks whether the SDK gave up reconnecting. */
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);
    /** How long a twin read waits for IoT Hub's answer, and the wait before the next try when it got none. */
    private static final int TWIN_TIMEOUT_MS = 5_000;
    private static final Duration TWIN_RETRY = Duration.ofSeconds(5);

    /** Message property naming the output on a device client (a module client uses IoT Edge outputs). */
    public static final String OUTPUT_NAME_PROPERTY = "outputName";
    /** Message property naming the input of a cloud-to-device message on a device client. */
    public static final String INPUT_NAME_PROPERTY = "inputName";

    /** A message that arrived for an IoTHubMessageSource: its input name and body. */
    public record InputMessage(String inputName, byte[] body, Map<String, String> properties) {
    }

    private final InternalClient client;
    private final boolean module;
    private final String identity;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile IotHubConnectionStatus status = IotHubConnectionStatus.DISCONNECTED;
    private volatile MethodCallback methods;
    /** Direct methods are subscribed on the current connection (the SDK keeps them across its own reconnects). */
    private volatile boolean methodsSubscribed;
    /** A module's twin (null for a device client); read after every (re)connection, then patched. */
    private volatile ModuleTwin twin;
    private volatile boolean twinRead;
    private long nextTwinReadNanos;
    private Thread keeper;

    private HubClient(InternalClient client, boolean module, String identity) {
        this.client = client;
        this.module = module;
        this.identity = identity;
    }

    /** A module client from the IoT Edge environment. */
    public static HubClient fromEdgeEnvironment() throws IotHubClientException {
        ModuleClient c = ModuleClient.createFromEnvironment(new UnixSocketChannel(), IotHubClientProtocol.MQTT);
        return new HubClient(c, true, "IoT Edge module " + System.getenv("IOTEDGE_DEVICEID") + "/"
                + System.getenv("IOTEDGE_MODULEID"));
    }

    /** A device client, or a module client when the connection string has a ModuleId. */
    public static HubClient fromConnectionString(String connectionString, SSLContext sslContext) {
        ClientOptions.ClientOptionsBuilder options = ClientOptions.builder();
        if (sslContext != null) {
            options.sslContext(sslContext);
        }
        String deviceId = part(connectionString, "DeviceId");
        String moduleId = part(connectionString, "ModuleId");
        if (moduleId != null) {
            return new HubClient(new ModuleClient(connectionString, IotHubClientProtocol.MQTT, options.build()), true,
                    "module " + deviceId + "/" + moduleId);
        }
        return new HubClient(new DeviceClient(connectionString, IotHubClientProtocol.MQTT, options.build()), false,
                "device " + deviceId);
    }

    public boolean connected() {
        return status == IotHubConnectionStatus.CONNECTED && methodsSubscribed;
    }

    /** Whether this is a module client (IoT Edge, or a connection string with ModuleId): it has a module twin. */
    public boolean module() {
        return module;
    }

    /** Whether the module twin's desired properties have been read on the current connection. */
    public boolean twinRead() {
        return twinRead;
    }

    /**
     * Registers the handlers and connects in the background, retrying until closed. {@code moduleTwin} (a module
     * client only, else null) gets the twin's desired properties after every connection and each patch.
     */
    public void start(MethodCallback methodCallback, Consumer<InputMessage> inputs, ModuleTwin moduleTwin) {
        this.methods = methodCallback;
        this.twin = module ? moduleTwin : null;
        client.setConnectionStatusChangeCallback(ctx -> {
            status = ctx.getNewStatus();
            if (status != IotHubConnectionStatus.CONNECTED) {
                twinRead = false; // patches may be missed meanwhile: read the whole twin again once back
            }
            LOG.infof("IoT Hub %s: %s (%s)", identity, ctx.getNewStatus(), ctx.getNewStatusReason());
        }, null);
        com.microsoft.azure.sdk.iot.device.MessageCallback onMessage = (message, context) -> {
            String input = module ? message.getInputName() : message.getProperty(INPUT_NAME_PROPERTY);
            Map<String, String> props = new java.util.LinkedHashMap<>();
            for (var p : message.getProperties()) {
                props.put(p.getName(), p.getValue());
            }
            try {
                inputs.accept(new InputMessage(input, message.getBytes(), props));
                return IotHubMessageResult.COMPLETE;
            } catch (RuntimeException e) {
                LOG.warnf("message on input '%s' not taken: %s", input, e.getMessage());
                return IotHubMessageResult.ABANDON;
            }
        };
        if (client instanceof ModuleClient m) {
            m.setMessageCallback(onMessage, null);
        } else {
            ((DeviceClient) client).setMessageCallback(onMessage, null);
        }
        keeper = new Thread(this::keepOpen, "iothub-connection");
        keeper.setDaemon(true);
        keeper.start();
    }

    private void keepOpen() {
        Backoff backoff = Backoff.standard();
        boolean opened = false;
        while (!closed.get()) {
            try {
                if (!opened || status == IotHubConnectionStatus.DISCONNECTED) {
                    methodsSubscribed = false;
                    if (opened) {
                        LOG.infof("IoT Hub %s: the SDK stopped retrying, reopening", identity);
                        client.close();
                    }
                    client.open(false);
                    client.subscribeToMethods(methods, null);
                    if (twin != null) {
                        ModuleTwin t = twin;
                        client.subscribeToDesiredProperties((patch, ctx) -> t.patch(patch.getDesiredProperties()), null);
                        twinRead = false;
                    }
                    methodsSubscribed = true;
                    opened = true;
                    status = IotHubConnectionStatus.CONNECTED;
                    backoff.reset();
                    LOG.infof("IoT Hub %s: connected", identity);
                }
                readTwinWhenDue();
                if (!Backoff.pause(CHECK_EVERY)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (IotHubClientException | RuntimeException e) {
                opened = true;
                status = IotHubConnectionStatus.DISCONNECTED;
                Duration delay = backoff.next();
                LOG.warnf("IoT Hub %s not reachable (%s), retrying in %d ms", identity, e.getMessage(), delay.toMillis());
                if (!Backoff.pause(delay)) {
                    return;
                }
            }
        }
    }

    /** Reads the whole twin when it is not read on this connection yet; an unanswered read is tried again later. */
    private void readTwinWhenDue() throws InterruptedException {
        ModuleTwin t = twin;
        if (t == null || twinRead || status != IotHubConnectionStatus.CONNECTED || System.nanoTime() < nextTwinReadNanos) {
            return;
        }
        try {
            t.desired(client.getTwin(TWIN_TIMEOUT_MS).getDesiredProperties());
            twinRead = true;
            LOG.infof("IoT Hub %s: module twin read", identity);
        } catch (IotHubClientException | RuntimeException e) {
            nextTwinReadNanos = System.nanoTime() + TWIN_RETRY.toNanos();
            LOG.infof("IoT Hub %s: module twin not read (%s), trying again in %d s", identity, e.getMessage(),
                    TWIN_RETRY.toSeconds());
        }
    }

    /** Sends one message; the future completes when IoT Hub acknowledged it, exceptionally otherwise. */
    public CompletableFuture<Void> send(byte[] body, Map<String, String> properties, String outputName) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        Message message = new Message(body);
        message.setContentType("application/json");
        message.setContentEncoding("utf-8");
        properties.forEach(message::setProperty);
        try {
            if (client instanceof ModuleClient m) {
                m.sendEventAsync(message, (sent, error, ctx) -> complete(ack, error), null, outputName);
            } else {
                if (outputName != null) {
                    message.setProperty(OUTPUT_NAME_PROPERTY, outputName);
                }
                client.sendEventAsync(message, (sent, error, ctx) -> complete(ack, error), null);
            }
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        return ack;
    }

    private static void complete(CompletableFuture<Void> ack, IotHubClientException error) {
        if (error == null) {
            ack.complete(null);
        } else {
            ack.completeExceptionally(error);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (keeper != null) {
                keeper.interrupt();
            }
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.debugf("closing IoT Hub client: %s", e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return identity;
    }

    /** The value of {@code key=} in a connection string, or null. Never logs the string (it holds a key). */
    static String part(String connectionString, String key) {
        for (String p : connectionString.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(key)) {
                return p.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /** The JVM's trusted CAs plus the PEM certificates in {@code pemFile}. */
    public static SSLContext trusting(Path pemFile) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        if (Files.exists(cacerts)) {
            try (InputStream in = Files.newInputStream(cacerts)) {
                trust.load(in, null);
            }
        } else {
            trust.load(null, null);
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        try (InputStream in = Files.newInputStream(pemFile)) {
            int i = 0;
            for (Certificate c : cf.generateCertificates(in)) {
                trust.setCertificateEntry("openlva-extra-ca-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLSv1.2");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
