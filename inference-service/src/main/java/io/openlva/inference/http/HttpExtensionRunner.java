package io.openlva.inference.http;

import io.openlva.graph.tls.EndpointTrust;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.EndpointKind;
import io.openlva.graph.model.HttpExtension;
import io.openlva.graph.model.HttpHeaderCredentials;
import io.openlva.graph.model.UsernamePasswordCredentials;
import io.openlva.inference.image.ImageDecoder;
import io.openlva.inference.node.FrameDroppedException;
import io.openlva.inference.node.NodeRunner;

/**
 * LVA's HTTP extension protocol, client side: POST the image as the body with its content type, 200 = inferences,
 * 204 = nothing found, 503 = busy (back off per Retry-After, frames meanwhile dropped), anything else an error.
 * Raw images go as {@code image/x-raw} with the pixel format and size as content-type parameters. The whole
 * exchange, body included, is bounded in time ({@code request-timeout}) and the answer in size
 * ({@code max-response-bytes}): a server that drips or floods its answer costs one timeout, then the node backs off
 * like after a 503, so the frames of other streams are not held behind it.
 */
public final class HttpExtensionRunner implements NodeRunner {

    private static final Logger LOG = Logger.getLogger(HttpExtensionRunner.class);

    /**
     * HTTP client settings.
     *
     * @param requestTimeout   longest time for a whole exchange, the answer's body included
     * @param maxResponseBytes largest answer accepted (a larger one is dropped as an extension error)
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, Duration initialBackoff, Duration maxBackoff,
            int maxResponseBytes) {

        public static final int DEFAULT_MAX_RESPONSE_BYTES = 4 << 20;

        public Settings(Duration connectTimeout, Duration requestTimeout, Duration initialBackoff, Duration maxBackoff) {
            this(connectTimeout, requestTimeout, initialBackoff, maxBackoff, DEFAULT_MAX_RESPONSE_BYTES);
        }
    }

    private final String nodeName;
    private final Endpoint endpoint;
    private final URI uri;
    private final String authorizationHeader;
    private final String authorizationValue;
    private final HttpClient client;
    private final Settings settings;
    private final Clock clock;
    private Instant backoffUntil = Instant.MIN;
    private Duration nextBackoff;

    public HttpExtensionRunner(HttpExtension node, Settings settings, Clock clock) {
        this.nodeName = node.name();
        this.endpoint = node.endpoint();
        this.settings = settings;
        this.clock = clock;
        this.nextBackoff = settings.initialBackoff();
        if (endpoint == null || endpoint.url() == null || endpoint.url().isBlank()) {
            throw new IllegalArgumentException("HttpExtension " + nodeName + " has no endpoint URL");
        }
        URI parsed = URI.create(endpoint.url());
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("HttpExtension " + nodeName + ": endpoint must be http(s), got " + endpoint.maskedUrl());
        }
        String userInfo = parsed.getRawUserInfo();
        String header = null;
        String value = null;
        if (endpoint.credentials() instanceof UsernamePasswordCredentials up) {
            header = "Authorization";
            value = basic(up.username(), up.password());
        } else if (endpoint.credentials() instanceof HttpHeaderCredentials hh) {
            header = hh.headerName();
            value = hh.headerValue();
        } else if (userInfo != null) {
            header = "Authorization";
            value = "Basic " + Base64.getEncoder().encodeToString(
                    java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        }
        // Credentials never travel in the URL itself.
        this.uri = userInfo == null ? parsed : URI.create(parsed.toString().replace(userInfo + "@", ""));
        this.authorizationHeader = header;
        this.authorizationValue = value;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER);
        if (scheme.equals("https") || endpoint.kind() == EndpointKind.TLS) {
            builder.sslContext(sslContext(endpoint));
        }
        this.client = builder.build();
    }

    private static String basic(String user, String password) {
        String pair = (user == null ? "" : user) + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** The Content-Type LVA sent for a frame. */
    public static String contentType(MediaFrame frame) {
        String type = frame.contentType().split(";", 2)[0].trim();
        if (type.equalsIgnoreCase(ImageDecoder.RAW)) {
            return ImageDecoder.RAW + "; format=" + frame.pixelFormat() + "; width=" + frame.width() + "; height=" + frame.height();
        }
        return type;
    }

    @Override
    public synchronized Optional<ObjectNode> infer(MediaFrame frame) {
        Instant now = clock.instant();
        if (now.isBefore(backoffUntil)) {
            throw new FrameDroppedException("extension-busy", "HttpExtension " + nodeName + " backing off until " + backoffUntil);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Content-Type", contentType(frame))
                .header("Accept", "application/json")
                .header("User-Agent", "OpenLVA")
                .header("x-ms-client-request-id", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(frame.data()));
        if (authorizationHeader != null) {
            request.header(authorizationHeader, authorizationValue);
        }
        HttpResponse<byte[]> response;
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request.build(),
                CappedBody.handler(settings.maxResponseBytes()));
        try {
            // The request's own timeout ends at the headers; this one covers the body too.
            response = exchange.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timedOut();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw timedOut();
            }
            if (cause instanceof CappedBody.TooLarge tooLarge) {
                throw new FrameDroppedException("extension-error", "HttpExtension " + nodeName + " at "
                        + endpoint.maskedUrl() + ": " + tooLarge.getMessage());
            }
            throw new FrameDroppedException("extension-unreachable", "HttpExtension " + nodeName + " at " + endpoint.maskedUrl()
                    + ": " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new FrameDroppedException("interrupted", "interrupted");
        }
        int status = response.statusCode();
        if (status == 503) {
            Duration wait = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant())
                    .orElseGet(() -> {
                        Duration d = nextBackoff;
                        nextBackoff = min(nextBackoff.multipliedBy(2), settings.maxBackoff());
                        return d;
                    });
            wait = min(wait, settings.maxBackoff());
            backoffUntil = clock.instant().plus(wait);
            throw new FrameDroppedException("extension-busy", "HttpExtension " + nodeName + " answered 503: backing off " + wait);
        }
        nextBackoff = settings.initialBackoff();
        if (status == 204) {
            return Optional.empty();
        }
        if (status != 200) {
            throw new FrameDroppedException("extension-error", "HttpExtension " + nodeName + " at " + endpoint.maskedUrl()
                    + " answered HTTP " + status);
        }
        return ExtensionResponses.toEventBody(response.body(), response.headers().firstValue("Content-Type").orElse(null),
                frame.mediaTimeUs());
    }

    /** A timed-out exchange: the node backs off like after a 503 without Retry-After. */
    private FrameDroppedException timedOut() {
        Duration wait = nextBackoff;
        nextBackoff = min(nextBackoff.multipliedBy(2), settings.maxBackoff());
        backoffUntil = clock.instant().plus(wait);
        return new FrameDroppedException("extension-timeout", "HttpExtension " + nodeName + " at " + endpoint.maskedUrl()
                + " did not answer within " + settings.requestTimeout() + "; backing off " + wait);
    }

    /** When frames will be sent again after a 503 or a timeout (Instant.MIN when not backing off). */
    public synchronized Instant backoffUntil() {
        return backoffUntil;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static SSLContext sslContext(Endpoint endpoint) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {EndpointTrust.trustManager(endpoint)}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS for the extension endpoint: " + e.getMessage(), e);
        }
    }
}
