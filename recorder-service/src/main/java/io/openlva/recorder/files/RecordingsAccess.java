package io.openlva.recorder.files;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.openlva.recorder.config.RecorderConfig;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who may read /recordings (video of the cameras): with {@code openlva.recorder.files-token} set, whoever presents it
 * as a bearer token (hub-bridge's console does); without one, loopback clients only.
 */
public class RecordingsAccess {

    private final Optional<byte[]> token;

    public RecordingsAccess(RecorderConfig config) {
        this.token = config.filesToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext context, HttpServerRequest request) {
        if (!context.getUriInfo().getPath().startsWith("/recordings")) {
            return Optional.empty();
        }
        boolean allowed;
        if (token.isPresent()) {
            String header = context.getHeaderString(HttpHeaders.AUTHORIZATION);
            allowed = header != null && header.startsWith("Bearer ")
                    && MessageDigest.isEqual(token.get(), header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
        } else {
            allowed = request.remoteAddress() != null && loopback(request.remoteAddress().hostAddress());
        }
        return allowed ? Optional.empty() : Optional.of(Response.status(token.isPresent() ? 401 : 403).build());
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
