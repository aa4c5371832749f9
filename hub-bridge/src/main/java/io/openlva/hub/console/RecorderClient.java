package io.openlva.hub.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * recorder-service's /recordings, for the console: the list of clips, and a file with the browser's Range header
 * passed on, so the video element seeks in the recorder's file without hub-bridge holding it. Presents the API
 * token as the recorder's bearer token (the chart gives both the same secret).
 */
public class RecorderClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;
    private final Optional<String> token;

    public RecorderClient(String baseUrl, Optional<String> token) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token.filter(t -> !t.isBlank());
    }

    public HttpResponse<String> list() throws IOException, InterruptedException {
        return http.send(request("/recordings").timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<InputStream> file(String path, String range) throws IOException, InterruptedException {
        HttpRequest.Builder b = request("/recordings/file?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(30));
        if (range != null && !range.isBlank()) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }
}
