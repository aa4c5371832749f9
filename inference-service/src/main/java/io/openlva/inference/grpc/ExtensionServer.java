package io.openlva.inference.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;

/** A gRPC server offering one {@link ExtensionService} on a host and port (port 0: a free one), plain or TLS. */
public final class ExtensionServer implements AutoCloseable {

    /** The server's certificate chain and private key, PEM files. */
    public record Tls(Path certificateChain, Path privateKey) {
    }

    private final Server server;

    private ExtensionServer(Server server) {
        this.server = server;
    }

    public static ExtensionServer start(String host, int port, ExtensionService service, int maxMessageBytes) {
        return start(host, port, service, maxMessageBytes, Optional.empty());
    }

    /** As above, over TLS when {@code tls} holds a PEM certificate chain and its PKCS#8 PEM key. */
    public static ExtensionServer start(String host, int port, ExtensionService service, int maxMessageBytes,
            Optional<Tls> tls) {
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                    .maxInboundMessageSize(maxMessageBytes).addService(service);
            if (tls.isPresent()) {
                builder.useTransportSecurity(tls.get().certificateChain().toFile(), tls.get().privateKey().toFile());
            }
            return new ExtensionServer(builder.build().start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the gRPC extension protocol on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** Stops at once: open sessions fail (clients reconnect). */
    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
