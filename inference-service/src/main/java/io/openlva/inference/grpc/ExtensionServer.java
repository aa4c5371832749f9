package io.openlva.inference.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;

/** A gRPC server offering one {@link ExtensionService} on a host and port (port 0: a free one). */
public final class ExtensionServer implements AutoCloseable {

    private final Server server;

    private ExtensionServer(Server server) {
        this.server = server;
    }

    public static ExtensionServer start(String host, int port, ExtensionService service, int maxMessageBytes) {
        try {
            return new ExtensionServer(NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                    .maxInboundMessageSize(maxMessageBytes).addService(service).build().start());
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
