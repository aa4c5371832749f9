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

import java.net.Socket;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
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
        context.init(null, new TrustManager[] {trustManager(trustedPem, ignoreSignature)}, null);
        return context;
    }

    /** The endpoint's trust as a trust manager, for clients configured with one (gRPC). */
    public static X509TrustManager trustManager(Endpoint endpoint) throws GeneralSecurityException, IOException {
        X509TrustManager chain = trustManager(endpoint.trustedCertificates(), endpoint.ignoreSignature());
        return endpoint.ignoreHostname() ? withoutHostnameCheck(chain) : chain;
    }

    /** Its PEM certificates, the system's CAs when it lists none, or no validation with {@code ignoreSignature}. */
    public static X509TrustManager trustManager(List<String> trustedPem, boolean ignoreSignature)
            throws GeneralSecurityException, IOException {
        if (ignoreSignature) {
            // LVA's ignoreSignature: the chain is not validated (self-signed devices in a closed network)
            return new TrustAll();
        }
        KeyStore store = null;
        if (!trustedPem.isEmpty()) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
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
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store); // null: the system's CAs
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /**
     * LVA's ignoreHostname: the chain is still validated, the server's name is not compared with the certificate.
     * An extended trust manager, so the TLS engine leaves the identity check to it (a plain one would get the
     * engine's own check added).
     */
    static X509ExtendedTrustManager withoutHostnameCheck(X509TrustManager chain) {
        return new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
                chain.checkServerTrusted(certs, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
                chain.checkServerTrusted(certs, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
                chain.checkServerTrusted(certs, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
                chain.checkClientTrusted(certs, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
                chain.checkClientTrusted(certs, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
                chain.checkClientTrusted(certs, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return chain.getAcceptedIssuers();
            }
        };
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
