package io.openlva.inference.score;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;
import io.openlva.inference.config.InferenceConfig;

/**
 * Who may use /score and /image: with {@code openlva.inference.api-token} set, whoever presents it as
 * {@code Authorization: Bearer ...} (an LVA graph sends it with HttpHeaderCredentials); without one, everybody
 * the network lets in (the chart's NetworkPolicy). Health and metrics stay open.
 */
public class ScoreAccess {

    private final Optional<byte[]> token;

    public ScoreAccess(InferenceConfig config) {
        this.token = config.apiToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext context) {
        String path = context.getUriInfo().getPath();
        if (token.isEmpty() || !(path.equals("/score") || path.equals("/image"))) {
            return Optional.empty();
        }
        String header = context.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (presented != null && MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("error").put("code", "Unauthorized").put("message", "this endpoint needs 'Authorization: Bearer <token>'");
        return Optional.of(Response.status(401).type(MediaType.APPLICATION_JSON).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(body).build());
    }
}
