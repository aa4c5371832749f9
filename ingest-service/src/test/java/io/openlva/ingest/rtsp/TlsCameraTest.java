package io.openlva.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.camera.SimulatedCamera;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.devkit.tls.SelfSigned;
import io.openlva.graph.contract.StreamKey;
import io.openlva.ingest.rtsp.CameraPullerTest.Recorder;

/** rtsps cameras: trust from the endpoint's PEM certificates, host name checks, LVA's ignore options. */
class TlsCameraTest {

    static Path dir;
    static SimulatedCamera matching;
    static SimulatedCamera otherName;
    static String matchingPem;
    static String otherNamePem;

    @BeforeAll
    static void cameras() throws Exception {
        dir = Files.createDirectories(Path.of("target", "tls-test").toAbsolutePath());
        matchingPem = certificate("cam-ip", "subjectAltName=IP:127.0.0.1");
        otherNamePem = certificate("cam-other", "subjectAltName=DNS:othercam.example");
        matching = SimulatedCamera.startTls(0, Map.of("cam", SampleClips.still()), "u", "tls pass",
                dir.resolve("cam-ip.crt"), dir.resolve("cam-ip.key"));
        otherName = SimulatedCamera.startTls(0, Map.of("cam", SampleClips.still()), null, null,
                dir.resolve("cam-other.crt"), dir.resolve("cam-other.key"));
    }

    /** A self-signed certificate (devkit, Debian's openssl); returns its PEM. */
    static String certificate(String name, String extension) {
        return SelfSigned.create(dir, name, extension).pem();
    }

    @AfterAll
    static void stop() {
        matching.stop();
        otherName.stop();
    }

    static CameraPuller puller(SimulatedCamera camera, String user, String password, List<String> trusted,
            boolean ignoreHostname, boolean ignoreSignature, Recorder r) {
        SourceSpec spec = new SourceSpec(new StreamKey("i1", "rtspSource"), camera.url("cam"), "tcp", user, password, true,
                trusted, ignoreHostname, ignoreSignature);
        return new CameraPuller(spec, RtspSettings.DEFAULT, Duration.ofMillis(200), Duration.ofSeconds(1), 0.2, r, r);
    }

    @Test
    void trustedCertificateWithMatchingAddressStreams() {
        assertThat(matching.url("cam")).startsWith("rtsps://");
        Recorder r = new Recorder();
        CameraPuller p = puller(matching, "u", "tls pass", List.of(matchingPem), false, false, r);
        p.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> r.packets.size() >= 10);
            assertThat(r.failures).isEmpty();
            assertThat(r.packets.get(0).keyframe()).isTrue();
        } finally {
            p.stopAndWait(Duration.ofSeconds(10));
        }
    }

    @Test
    void untrustedCertificateIsAProtocolErrorUnlessSignatureIgnored() {
        Recorder r = new Recorder();
        CameraPuller p = puller(matching, "u", "tls pass", List.of(otherNamePem), false, false, r);
        p.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> r.failures.size() >= 2);
            assertThat(r.failures.get(0).kind()).isEqualTo(FailureKind.PROTOCOL);
            assertThat(r.failures.get(0).errorCode()).isEqualTo("TlsHandshakeFailed");
            assertThat(r.packets).isEmpty();
        } finally {
            p.stopAndWait(Duration.ofSeconds(10));
        }
        Recorder ignoring = new Recorder();
        CameraPuller q = puller(matching, "u", "tls pass", List.of(), false, true, ignoring);
        q.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ignoring.packets.size() >= 10);
        } finally {
            q.stopAndWait(Duration.ofSeconds(10));
        }
    }

    @Test
    void hostNameMismatchFailsUnlessHostnameIgnored() {
        Recorder r = new Recorder();
        CameraPuller p = puller(otherName, null, null, List.of(otherNamePem), false, false, r);
        p.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !r.failures.isEmpty());
            assertThat(r.failures.get(0).errorCode()).isEqualTo("TlsHandshakeFailed");
        } finally {
            p.stopAndWait(Duration.ofSeconds(10));
        }
        Recorder ignoring = new Recorder();
        CameraPuller q = puller(otherName, null, null, List.of(otherNamePem), true, false, ignoring);
        q.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ignoring.packets.size() >= 10);
            assertThat(ignoring.failures).isEmpty();
        } finally {
            q.stopAndWait(Duration.ofSeconds(10));
        }
    }
}
