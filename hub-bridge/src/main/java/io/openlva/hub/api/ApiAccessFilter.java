package io.openlva.hub.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.openlva.hub.config.HubConfig;
import io.openlva.hub.graph.MethodResult;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who may call /api: with a token configured, whoever presents it ({@code Authorization: Bearer ...});
 * without one, loopback clients only. Health, metrics and the OpenAPI document are not under /api.
 */
public class ApiAccessFilter {

    private final Optional<byte[]> token;

    public ApiAccessFilter(HubConfig config) {
        this.token = config.apiToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext context, HttpServerRequest request) {
        String path = context.getUriInfo().getPath();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return Optional.empty();
        }
        if (token.isPresent()) {
            String header = context.getHeaderString(HttpHeaders.AUTHORIZATION);
            byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            if (!MessageDigest.isEqual(token.get(), presented)) {
                return Optional.of(deny(401, "Unauthorized", "this API needs 'Authorization: Bearer <token>'"));
            }
            return Optional.empty();
        }
        if (!isLoopback(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress())) {
            return Optional.of(deny(403, "Forbidden",
                    "no API token is configured (openlva.hub.api-token): the API serves loopback clients only"));
        }
        return Optional.empty();
    }

    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Response deny(int status, String code, String message) {
        Response.ResponseBuilder b = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(MethodResult.error(status, code, message).payload());
        if (status == 401) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return b.build();
    }

}
