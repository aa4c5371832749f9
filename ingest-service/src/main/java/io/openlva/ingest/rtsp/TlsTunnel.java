package io.openlva.ingest.rtsp;

import io.openlva.graph.tls.EndpointTrust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS for {@code rtsps} cameras, done by the JVM: FFmpeg's RTSP demuxer opens its TLS connection without
 * passing any option (no CA file, no verification), so the session instead talks plain RTSP to a loopback
 * port and this tunnel carries it over a TLS connection validated with the endpoint's trusted certificates
 * and its {@code ignoreHostname}/{@code ignoreSignature} options. The handshake is done before FFmpeg
 * connects, so a certificate problem is reported as such. RTSPS means interleaved TCP: one connection.
 */
final class TlsTunnel implements AutoCloseable {

    static final int RTSPS_DEFAULT_PORT = 322;

    private final SSLSocket remote;
    private final ServerSocket listener;
    private volatile Socket local;

    private TlsTunnel(SSLSocket remote, ServerSocket listener) {
        this.remote = remote;
        this.listener = listener;
    }

    /** Connects and handshakes with the camera of {@code rtspsUrl}; FFmpeg then connects to {@link #localUrl}. */
    static TlsTunnel open(SourceSpec spec, Duration timeout) throws SessionFailure {
        URI uri = URI.create(RtspUrls.stripCredentials(spec.url()));
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : RTSPS_DEFAULT_PORT;
        SSLContext context;
        try {
            context = context(spec.trustedCertificates(), spec.ignoreSignature());
        } catch (GeneralSecurityException | IOException e) {
            throw new SessionFailure(FailureKind.PROTOCOL, "InvalidCertificate",
                    "the endpoint's trusted certificates cannot be read: " + e.getMessage());
        }
        SSLSocket socket = null;
        try {
            socket = (SSLSocket) context.getSocketFactory().createSocket();
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            SSLParameters params = socket.getSSLParameters();
            if (!spec.ignoreHostname()) {
                params.setEndpointIdentificationAlgorithm("HTTPS"); // host name must match the certificate
            }
            socket.setSSLParameters(params);
            socket.startHandshake();
            socket.setSoTimeout(0); // FFmpeg's own timeout governs reads from here on
        } catch (SSLException e) {
            closeQuietly(socket);
            throw new SessionFailure(FailureKind.PROTOCOL, "TlsHandshakeFailed",
                    "TLS with " + host + ":" + port + " failed: " + e.getMessage());
        } catch (IOException e) {
            closeQuietly(socket);
            String code = e instanceof java.net.ConnectException ? "ConnectionRefused"
                    : e instanceof java.net.SocketTimeoutException ? "Timeout" : "IOError";
            throw new SessionFailure(FailureKind.NETWORK, code, "connecting to " + host + ":" + port + ": " + e.getMessage());
        }
        try {
            ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            TlsTunnel tunnel = new TlsTunnel(socket, listener);
            Thread accept = new Thread(tunnel::acceptAndPump, "tls-" + spec.key());
            accept.setDaemon(true);
            accept.start();
            return tunnel;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new SessionFailure(FailureKind.NETWORK, "IOError", "cannot listen on loopback: " + e.getMessage());
        }
    }

    /** The URL FFmpeg opens: plain RTSP to the tunnel, same path and query, credentials kept. */
    String localUrl(String urlWithCredentials) {
        URI uri = URI.create(RtspUrls.stripCredentials(urlWithCredentials));
        String userInfo = "";
        int scheme = urlWithCredentials.indexOf("://");
        int at = urlWithCredentials.indexOf('@', scheme + 3);
        int slash = urlWithCredentials.indexOf('/', scheme + 3);
        if (at > 0 && (slash < 0 || at < slash)) {
            userInfo = urlWithCredentials.substring(scheme + 3, at + 1);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "rtsp://" + userInfo + "127.0.0.1:" + listener.getLocalPort() + path + query;
    }

    private void acceptAndPump() {
        try {
            listener.setSoTimeout(30_000);
            local = listener.accept();
            local.setTcpNoDelay(true);
            listener.close();
            Thread up = new Thread(() -> pump(local, remote), Thread.currentThread().getName() + "-up");
            up.setDaemon(true);
            up.start();
            pump(remote, local);
        } catch (IOException e) {
            // FFmpeg never came, or the session ended
        } finally {
            close();
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        closeQuietly(local);
        closeQuietly(remote);
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** The trust of an endpoint: its PEM certificates, or the system's CAs when it lists none. */
    static SSLContext context(List<String> trustedPem, boolean ignoreSignature) throws GeneralSecurityException, IOException {
        return EndpointTrust.sslContext(trustedPem, ignoreSignature);
    }
}
