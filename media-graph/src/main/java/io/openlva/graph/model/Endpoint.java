package io.openlva.graph.model;

import java.util.List;

/**
 * An RTSP camera or extension endpoint.
 *
 * @param credentials         nullable
 * @param trustedCertificates PEM certificates for TLS endpoints; empty = the system trust store
 */
public record Endpoint(EndpointKind kind, String url, Credentials credentials, List<String> trustedCertificates,
        boolean ignoreHostname, boolean ignoreSignature) {

    public Endpoint {
        trustedCertificates = trustedCertificates == null ? List.of() : List.copyOf(trustedCertificates);
    }

    public static Endpoint unsecured(String url, Credentials credentials) {
        return new Endpoint(EndpointKind.UNSECURED, url, credentials, List.of(), false, false);
    }

    /** The URL with any {@code user:password@} password masked, safe for logs. */
    public String maskedUrl() {
        return Secrets.maskUrl(url);
    }

    @Override
    public String toString() {
        return "Endpoint[kind=" + kind + ", url=" + maskedUrl() + ", credentials=" + credentials
                + ", trustedCertificates=" + trustedCertificates.size() + ", ignoreHostname=" + ignoreHostname
                + ", ignoreSignature=" + ignoreSignature + "]";
    }
}
