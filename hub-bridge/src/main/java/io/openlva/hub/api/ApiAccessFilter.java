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
 * Who may call /api and use the console (/console): with a token configured, whoever presents it
 * ({@code Authorization: Bearer ...}, or the console's login cookie); without one, loopback clients only. The
 * console's login page is open. Health, metrics and the OpenAPI document are not under /api.
 */
public class ApiAccessFilter {

    /** The console's login cookie: the API token, HttpOnly and SameSite=Strict. */
    public static final String TOKEN_COOKIE = "openlva_token";

    private final Optional<byte[]> token;

    public ApiAccessFilter(HubConfig config) {
        this.token = config.apiToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext context, HttpServerRequest request) {
        String path = context.getUriInfo().getPath();
        boolean api = path.equals("/api") || path.startsWith("/api/");
        boolean console = path.equals("/console") || path.startsWith("/console/");
        if (!api && !console || path.equals("/console/login") || path.equals("/console/logout")
                || path.equals("/console/login.html")
                || path.equals("/console/console.css")) {
            return Optional.empty();
        }
        if (token.isPresent()) {
            String header = context.getHeaderString(HttpHeaders.AUTHORIZATION);
            String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim()
                    : cookie(context);
            if (!accepts(presented)) {
                return Optional.of(console
                        ? Response.seeOther(java.net.URI.create("/console/login.html")).build()
                        : deny(401, "Unauthorized", "this API needs 'Authorization: Bearer <token>'"));
            }
            return Optional.empty();
        }
        if (!isLoopback(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress())) {
            return Optional.of(deny(403, "Forbidden",
                    "no API token is configured (openlva.hub.api-token): the API serves loopback clients only"));
        }
        return Optional.empty();
    }

    /** Whether {@code presented} is the configured token (false when none is configured). */
    public boolean accepts(String presented) {
        return token.isPresent() && presented != null
                && MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String cookie(ContainerRequestContext context) {
        jakarta.ws.rs.core.Cookie c = context.getCookies().get(TOKEN_COOKIE);
        return c == null ? null : java.net.URLDecoder.decode(c.getValue(), StandardCharsets.UTF_8);
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
