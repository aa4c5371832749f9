package io.openlva.inference.grpc;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.openlva.inference.config.InferenceConfig;
import io.openlva.inference.frames.InferenceMetrics;
import io.openlva.inference.grpc.protocol.Inference;
import io.openlva.inference.onnx.ModelCache;
import io.openlva.inference.onnx.OnnxExtensionRunner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The built-in model served over LVA's gRPC extension protocol (openlva.inference.grpc.server.*), so an LVA/AVA
 * graph's GrpcExtension, or any client of the protocol, can use it: entities with the /score thresholds.
 */
@Singleton
public class ExtensionEndpoint {

    private static final Logger LOG = Logger.getLogger(ExtensionEndpoint.class);

    private final InferenceConfig config;
    private final ModelCache models;
    private final InferenceMetrics metrics;
    private volatile OnnxExtensionRunner runner;
    private ExtensionServer server;

    public ExtensionEndpoint(InferenceConfig config, ModelCache models, InferenceMetrics metrics) {
        this.config = config;
        this.models = models;
        this.metrics = metrics;
    }

    synchronized void start(@Observes StartupEvent event) {
        InferenceConfig.Grpc.Server s = config.grpc().server();
        if (!s.enabled()) {
            return;
        }
        Optional<ExtensionServer.Tls> tls = s.tlsCertificate().map(cert -> new ExtensionServer.Tls(Path.of(cert),
                Path.of(s.tlsKey().orElseThrow(() -> new IllegalStateException(
                        "openlva.inference.grpc.server.tls-certificate is set without tls-key")))));
        server = ExtensionServer.start(s.host(), s.port(),
                new ExtensionService(this::detect, Path.of(config.grpc().sharedMemoryDir())), config.grpc().maxMessageBytes(), tls);
        LOG.infof("gRPC extension server (built-in model) on %s:%d%s", s.host(), server.port(), tls.isPresent() ? " (TLS)" : "");
    }

    private List<Inference> detect(io.openlva.graph.contract.MediaFrame frame, String extensionConfiguration) {
        OnnxExtensionRunner r = runner;
        if (r == null) {
            r = new OnnxExtensionRunner(models.defaultModel(), config.scoreConfidenceThreshold(), config.scoreNmsThreshold(),
                    metrics::modelNanos);
            runner = r;
        }
        return LvaInferences.entities(r.detect(frame));
    }

    /** The port served (a free one when configured 0), or -1 when off. */
    public synchronized int port() {
        return server == null ? -1 : server.port();
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
