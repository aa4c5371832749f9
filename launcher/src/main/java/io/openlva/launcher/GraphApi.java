package io.openlva.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.Json;

/** Calls LVA direct methods through hub-bridge's {@code POST /api/methods/{name}}, as an operations.json script would. */
public final class GraphApi {

    /** A direct method's answer: status and payload. */
    public record Response(int status, JsonNode payload) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    /** @param token the API bearer token, or null when the API serves loopback clients without one */
    public GraphApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public Response call(String method, JsonNode payload) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(base.resolve("/api/methods/" + method))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(payload)));
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            return new Response(r.statusCode(), body == null || body.isBlank() ? null : Json.read(body));
        } catch (IOException e) {
            throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls a method and fails with its payload unless it answered 2xx. */
    public Response require(String method, JsonNode payload) {
        Response r = call(method, payload);
        if (!r.ok()) {
            throw new IllegalStateException(method + " answered " + r.status() + ": " + r.payload());
        }
        return r;
    }
}
