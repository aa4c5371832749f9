package io.openlva.graph.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import io.openlva.graph.model.Endpoint;

/**
 * The TLS trust of an LVA TLS endpoint (cameras over RTSPS, extensions over HTTPS): its PEM
 * {@code trustedCertificates}, the system's CAs when it lists none, or no validation at all when the topology
 * sets {@code ignoreSignature}. Host-name checks ({@code ignoreHostname}) are the caller's, they depend on the client.
 */
public final class EndpointTrust {

    private EndpointTrust() {
    }

    public static SSLContext sslContext(Endpoint endpoint) throws GeneralSecurityException, IOException {
        return sslContext(endpoint.trustedCertificates(), endpoint.ignoreSignature());
    }

    public static SSLContext sslContext(List<String> trustedPem, boolean ignoreSignature)
            throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        if (ignoreSignature) {
            // LVA's ignoreSignature: the chain is not validated (self-signed devices in a closed network)
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return context;
        }
        if (trustedPem.isEmpty()) {
            context.init(null, null, null);
            return context;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        int i = 0;
        for (String pem : trustedPem) {
            for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("trusted-" + i++, c);
            }
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in trustedCertificates");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
