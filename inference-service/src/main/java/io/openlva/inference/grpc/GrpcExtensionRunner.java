package io.openlva.inference.grpc;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.model.EndpointKind;
import io.openlva.graph.model.GrpcExtension;
import io.openlva.graph.model.HttpHeaderCredentials;
import io.openlva.graph.model.UsernamePasswordCredentials;
import io.openlva.graph.tls.EndpointTrust;
import io.openlva.inference.grpc.protocol.GraphIdentifier;
import io.openlva.inference.grpc.protocol.Inference;
import io.openlva.inference.grpc.protocol.MediaDescriptor;
import io.openlva.inference.grpc.protocol.MediaGraphExtensionGrpc;
import io.openlva.inference.grpc.protocol.MediaStreamDescriptor;
import io.openlva.inference.node.FrameDroppedException;
import io.openlva.inference.node.NodeRunner;
import io.openlva.runtime.Backoff;

/**
 * A GrpcExtension node: LVA's extension protocol to the node's endpoint, one session ({@link ExtensionSession}) per
 * source stream, each frame a sample whose answer's inferences become the Inference event. A session that breaks
 * (server gone, protocol broken) is reopened on a later frame after a backoff; frames meanwhile are dropped and
 * counted. Data goes embedded in the messages or, with {@code dataTransfer.mode: sharedMemory}, through a file under
 * the shared memory directory that the server maps by name (same host, or a shared {@code medium: Memory} volume).
 */
public final class GrpcExtensionRunner implements NodeRunner {

    private static final Logger LOG = Logger.getLogger(GrpcExtensionRunner.class);
    static final Metadata.Key<String> AUTHENTICATION = Metadata.Key.of("x-ms-authentication", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * Client settings.
     *
     * @param requestTimeout  longest wait for the server's descriptor or a sample's answer
     * @param maxInFlight     samples sent and not yet acknowledged, per session
     * @param maxMessageBytes largest message accepted from the server (a larger one is a protocol violation)
     * @param sharedMemoryDir where shared memory files are created ({@code /dev/shm})
     */
    public record Settings(Duration requestTimeout, Duration initialBackoff, Duration maxBackoff, int maxInFlight,
            int maxMessageBytes, Path sharedMemoryDir) {
    }

    private final String instance;
    private final GrpcExtension node;
    private final Settings settings;
    private final String name;
    private final ManagedChannel channel;
    private final MediaGraphExtensionGrpc.MediaGraphExtensionStub stub;
    private final Map<String, Stream> streams = new HashMap<>();

    /** A source stream's session and when it may be reopened. */
    private static final class Stream {
        ExtensionSession session;
        final Backoff backoff;
        long retryAtNanos;

        Stream(Backoff backoff) {
            this.backoff = backoff;
        }
    }

    public GrpcExtensionRunner(String instance, GrpcExtension node, Settings settings) {
        this.instance = instance;
        this.node = node;
        this.settings = settings;
        this.name = instance + "/" + node.name() + " at " + node.endpoint().maskedUrl();
        URI uri = address(node.endpoint().url());
        this.channel = Grpc.newChannelBuilderForAddress(uri.getHost(), uri.getPort(), credentials(node))
                .maxInboundMessageSize(settings.maxMessageBytes()).build();
        Metadata headers = new Metadata();
        if (node.endpoint().credentials() instanceof UsernamePasswordCredentials up) {
            headers.put(AUTHENTICATION, "Basic " + Base64.getEncoder().encodeToString(
                    (up.username() + ":" + up.password()).getBytes(StandardCharsets.UTF_8)));
        } else if (node.endpoint().credentials() instanceof HttpHeaderCredentials hh) {
            headers.put(Metadata.Key.of(hh.headerName().toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER),
                    hh.headerValue());
        }
        this.stub = MediaGraphExtensionGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /**
     * Plaintext for an unsecured endpoint; TLS for a TLS endpoint, with the same trust options as the HTTP extension
     * (its PEM {@code trustedCertificates} or the system's CAs, {@code ignoreSignature}, {@code ignoreHostname}).
     */
    private static ChannelCredentials credentials(GrpcExtension node) {
        if (node.endpoint().kind() != EndpointKind.TLS) {
            return InsecureChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(EndpointTrust.trustManager(node.endpoint())).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("GrpcExtension " + node.name() + ": cannot set up TLS for "
                    + node.endpoint().maskedUrl() + ": " + e.getMessage(), e);
        }
    }

    /** {@code tcp://host:port} as LVA wrote it (also {@code grpc://}, {@code grpcs://} or a bare {@code host:port}). */
    static URI address(String url) {
        String u = url.contains("://") ? url : "tcp://" + url;
        URI uri = URI.create(u);
        if (uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("gRPC endpoint must be tcp://host:port, got " + io.openlva.graph.model.Secrets.maskUrl(url));
        }
        return uri;
    }

    @Override
    public synchronized Optional<ObjectNode> infer(MediaFrame frame) {
        String source = frame.sourceNode() == null ? "" : frame.sourceNode();
        Stream stream = streams.computeIfAbsent(source,
                s -> new Stream(new Backoff(settings.initialBackoff(), settings.maxBackoff(), Backoff.JITTER)));
        MediaDescriptor media = SampleFormats.descriptor(frame);
        ExtensionSession session = stream.session;
        if (session != null && (session.broken() || !session.media().equals(media))) {
            session.close(); // a new image format needs a new descriptor, so a new session
            session = null;
            stream.session = null;
        }
        if (session == null) {
            long wait = stream.retryAtNanos - System.nanoTime();
            if (wait > 0) {
                throw new FrameDroppedException("extension-unreachable", "GrpcExtension " + name
                        + ": reconnecting in " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms");
            }
            session = open(source, media);
            stream.session = session;
        }
        try {
            List<Inference> inferences = session.process(frame);
            stream.backoff.reset();
            if (inferences.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Inferences.body(frame.mediaTimeUs(), LvaInferences.toJson(inferences)));
        } catch (FrameDroppedException e) {
            if (session.broken()) {
                stream.session = null;
                Duration delay = stream.backoff.next();
                stream.retryAtNanos = System.nanoTime() + delay.toNanos();
                LOG.warnf("%s; reconnecting in %d ms", e.getMessage(), delay.toMillis());
            }
            throw e;
        }
    }

    private ExtensionSession open(String source, MediaDescriptor media) {
        SharedMemoryBuffer shm = null;
        if ("sharedMemory".equals(node.dataTransferMode())) {
            shm = new SharedMemoryBuffer(settings.sharedMemoryDir(), "openlva-" + UUID.randomUUID(),
                    (long) Math.max(1, node.sharedMemorySizeMiB()) << 20);
        }
        ExtensionSession session = new ExtensionSession(name, media, shm, settings.requestTimeout(), settings.maxInFlight());
        MediaStreamDescriptor.Builder descriptor = MediaStreamDescriptor.newBuilder()
                .setGraphIdentifier(GraphIdentifier.newBuilder().setGraphInstanceName(instance).setGraphNodeName(node.name()))
                .setExtensionConfiguration(node.extensionConfiguration() == null ? "" : node.extensionConfiguration());
        Stream stream = streams.get(source);
        try {
            session.open(stub, descriptor);
            LOG.infof("GrpcExtension %s: session open for %s (%s)", name, source, shm == null ? "embedded"
                    : "shared memory " + shm.name());
            return session;
        } catch (FrameDroppedException | IllegalStateException e) {
            session.close();
            Duration delay = stream.backoff.next();
            stream.retryAtNanos = System.nanoTime() + delay.toNanos();
            LOG.warnf("%s; retrying in %d ms", e.getMessage(), delay.toMillis());
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        streams.values().forEach(s -> {
            if (s.session != null) {
                s.session.close();
            }
        });
        streams.clear();
        channel.shutdownNow();
    }
}
