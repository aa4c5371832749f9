package io.openlva.inference.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.tls.SelfSigned;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.EndpointKind;
import io.openlva.graph.model.GrpcExtension;
import io.openlva.inference.grpc.protocol.Inference;
import io.openlva.inference.grpc.protocol.Tag;
import io.openlva.inference.node.FrameDroppedException;

/**
 * GrpcExtension nodes with TLS endpoints, against a real TLS gRPC server on 127.0.0.1 with certificates made by
 * Debian's openssl: the endpoint's trustedCertificates, a certificate for another name (refused unless
 * ignoreHostname), an untrusted one (refused unless ignoreSignature), and a plaintext client refused.
 */
class GrpcTlsTest {

    private static Path dir;
    private static String matchingPem;
    private static String otherNamePem;
    private static ExtensionServer matching;
    private static ExtensionServer otherName;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("grpc-tls");
        matchingPem = certificate("ext-ip", "subjectAltName=IP:127.0.0.1");
        otherNamePem = certificate("ext-other", "subjectAltName=DNS:otherext.example");
        ExtensionService tagged = new ExtensionService((frame, config) -> List.of(Inference.newBuilder()
                .setType(Inference.InferenceType.CLASSIFICATION)
                .setClassification(io.openlva.inference.grpc.protocol.Classification.newBuilder()
                        .setTag(Tag.newBuilder().setValue("tls-ok").setConfidence(0.9f)))
                .build()), Path.of("/dev/shm"));
        matching = ExtensionServer.start("127.0.0.1", 0, tagged, 4 << 20,
                Optional.of(new ExtensionServer.Tls(dir.resolve("ext-ip.crt"), dir.resolve("ext-ip.key"))));
        otherName = ExtensionServer.start("127.0.0.1", 0, tagged, 4 << 20,
                Optional.of(new ExtensionServer.Tls(dir.resolve("ext-other.crt"), dir.resolve("ext-other.key"))));
    }

    @AfterAll
    static void stop() {
        matching.close();
        otherName.close();
    }

    /** A self-signed certificate (devkit, Debian's openssl); returns its PEM. */
    static String certificate(String name, String extension) {
        return SelfSigned.create(dir, name, extension).pem();
    }

    private static GrpcExtensionRunner runner(ExtensionServer server, EndpointKind kind, List<String> trusted,
            boolean ignoreHostname, boolean ignoreSignature) {
        GrpcExtension node = new GrpcExtension("grpcExtension", List.of(), new Endpoint(kind,
                "tcp://127.0.0.1:" + server.port(), null, trusted, ignoreHostname, ignoreSignature), null, null, "embedded", 0, "");
        return new GrpcExtensionRunner("cam", node, new GrpcExtensionRunner.Settings(Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(1), 2, 4 << 20, Path.of("/dev/shm")));
    }

    private static MediaFrame frame() {
        return new MediaFrame(new StreamKey("cam", "grpcExtension"), "rtspSource", 1_000_000, 0, "image/x-raw", "rgb24", 2, 2,
                2, 2, "none", null, new byte[12]);
    }

    @Test
    void theEndpointsTrustedCertificateCarriesTheSession() {
        try (GrpcExtensionRunner r = runner(matching, EndpointKind.TLS, List.of(matchingPem), false, false)) {
            assertThat(r.infer(frame()).orElseThrow().toString()).contains("tls-ok");
        }
    }

    @Test
    void anotherNameIsRefusedUnlessIgnoreHostname() {
        try (GrpcExtensionRunner r = runner(otherName, EndpointKind.TLS, List.of(otherNamePem), false, false)) {
            assertThatThrownBy(() -> r.infer(frame())).isInstanceOf(FrameDroppedException.class);
        }
        try (GrpcExtensionRunner r = runner(otherName, EndpointKind.TLS, List.of(otherNamePem), true, false)) {
            assertThat(r.infer(frame()).orElseThrow().toString()).contains("tls-ok");
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedUnlessIgnoreSignature() {
        try (GrpcExtensionRunner r = runner(matching, EndpointKind.TLS, List.of(otherNamePem), false, false)) {
            assertThatThrownBy(() -> r.infer(frame())).isInstanceOf(FrameDroppedException.class);
        }
        try (GrpcExtensionRunner r = runner(matching, EndpointKind.TLS, List.of(), false, true)) {
            assertThat(r.infer(frame()).orElseThrow().toString()).contains("tls-ok");
        }
    }

    @Test
    void aPlaintextClientGetsNothingFromATlsServer() {
        try (GrpcExtensionRunner r = runner(matching, EndpointKind.UNSECURED, List.of(), false, false)) {
            assertThatThrownBy(() -> r.infer(frame())).isInstanceOf(FrameDroppedException.class);
        }
    }
}
