package io.openlva.ingest.rtsp;

import java.util.List;
import java.util.Objects;

import io.openlva.graph.contract.StreamKey;

/**
 * What one camera pull needs, resolved from an instance's RtspSource node. Equal specs mean the running
 * pull can stay; a changed spec (new URL, new password) restarts it.
 *
 * @param transport FFmpeg's {@code rtsp_transport}: {@code tcp}, {@code udp} or {@code http}
 * @param trustedCertificates PEM certificates trusted for {@code rtsps} endpoints (empty: the system's CAs)
 */
public record SourceSpec(
        StreamKey key,
        String url,
        String transport,
        String username,
        String password,
        boolean tls,
        List<String> trustedCertificates,
        boolean ignoreHostname,
        boolean ignoreSignature) {

    public SourceSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(url, "url");
        transport = transport == null ? "tcp" : transport;
        trustedCertificates = trustedCertificates == null ? List.of() : List.copyOf(trustedCertificates);
    }

    /** The URL as FFmpeg opens it, credentials included: never log it. */
    public String urlWithCredentials() {
        return RtspUrls.withCredentials(url, username, password);
    }

    /** The URL fit for logs and events. */
    public String maskedUrl() {
        return RtspUrls.mask(url);
    }

    @Override
    public String toString() {
        return "SourceSpec[" + key + " " + maskedUrl() + " transport=" + transport
                + (username != null ? " user=***" : "") + (tls ? " tls" : "") + "]";
    }
}
