package io.openlva.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.camera.SimulatedCamera;
import io.openlva.devkit.camera.SimulatedCamera.AuthMethod;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;

/** One camera pull against the simulated camera, over each transport and authentication method. */
class CameraPullerTest {

    static final String USER = "admin";
    static final String PASSWORD = "s3cr&t pass";
    static SimulatedCamera basic;
    static SimulatedCamera digest;

    @BeforeAll
    static void cameras() {
        basic = SimulatedCamera.start(0, Map.of("cam", SampleClips.still()), USER, PASSWORD, AuthMethod.BASIC);
        digest = SimulatedCamera.start(0, Map.of("cam", SampleClips.still()), USER, PASSWORD, AuthMethod.DIGEST);
    }

    @AfterAll
    static void stop() {
        basic.stop();
        digest.stop();
    }

    static final class Recorder implements SessionListener, PacketSink {
        final List<MediaPacket> packets = new CopyOnWriteArrayList<>();
        final List<String> sdps = new CopyOnWriteArrayList<>();
        final List<SessionFailure> failures = new CopyOnWriteArrayList<>();
        volatile long establishedAtNanos;

        @Override
        public void publish(MediaPacket packet) {
            packets.add(packet);
        }

        @Override
        public void established(StreamKey key, String sdp, boolean reconnect) {
            sdps.add(sdp);
            establishedAtNanos = System.nanoTime();
        }

        @Override
        public void connectFailed(StreamKey key, SessionFailure failure, int attempt, long retryInMs) {
            failures.add(failure);
        }

        @Override
        public void disconnected(StreamKey key, SessionFailure cause, long retryInMs) {
            failures.add(cause);
        }

        @Override
        public void packet(StreamKey key, int bytes) {
        }
    }

    static CameraPuller puller(String url, String transport, String user, String password, Recorder r) {
        SourceSpec spec = new SourceSpec(new StreamKey("i1", "rtspSource"), url, transport, user, password, false,
                List.of(), false, false);
        return new CameraPuller(spec, RtspSettings.DEFAULT, Duration.ofMillis(200), Duration.ofSeconds(1), 0.2, r, r);
    }

    @ParameterizedTest(name = "{0} with {1} authentication")
    @CsvSource({"tcp, digest", "udp, digest", "http, basic", "tcp, basic"})
    void pullsOverEachTransportAndAuthentication(String transport, String auth) {
        SimulatedCamera camera = auth.equals("basic") ? basic : digest;
        Recorder r = new Recorder();
        CameraPuller p = puller(camera.url("cam"), transport, USER, PASSWORD, r);
        long start = System.nanoTime();
        p.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> r.packets.size() >= 25);
            System.out.printf("[ingest] %s/%s: session established %d ms after start (first packet's time %s)%n",
                    transport, auth, (r.establishedAtNanos - start) / 1_000_000,
                    r.packets.get(0).mediaTimeDerived() ? "derived" : "stamped");
            // connect + describe + setup + stream parameters in about a second, not several
            assertThat((r.establishedAtNanos - start) / 1_000_000).isLessThan(5000);
            // nothing dropped, the first packet included even when the camera gave it no timestamp
            for (int i = 0; i < r.packets.size(); i++) {
                assertThat(r.packets.get(i).sequence()).isEqualTo(i);
            }
            assertThat(r.failures).isEmpty();
            assertThat(r.sdps).hasSize(1);
            assertThat(r.sdps.get(0)).contains("m=video").doesNotContain("s3cr");
            assertThat(r.packets.get(0).keyframe()).isTrue();
            assertThat(r.packets.get(0).codecConfig()).isNotEmpty();
            for (int i = 1; i < r.packets.size(); i++) {
                assertThat(r.packets.get(i).mediaTimeUs()).isGreaterThan(r.packets.get(i - 1).mediaTimeUs());
            }
            // 10 fps: consecutive stamped packets 100 ms apart
            MediaPacket a = r.packets.get(10);
            MediaPacket b = r.packets.get(11);
            assertThat(b.mediaTimeUs() - a.mediaTimeUs()).isBetween(90_000L, 110_000L);
        } finally {
            p.stopAndWait(Duration.ofSeconds(10));
        }
    }

    @Test
    void connectionRefusedIsANetworkErrorAndRetried() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Recorder r = new Recorder();
        CameraPuller p = puller("rtsp://127.0.0.1:" + port + "/cam", "tcp", USER, PASSWORD, r);
        p.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> r.failures.size() >= 3);
            assertThat(r.failures).allMatch(f -> f.kind() == FailureKind.NETWORK && f.errorCode().equals("ConnectionRefused"));
            assertThat(r.failures.get(0).details()).doesNotContain(PASSWORD).doesNotContain("s3cr");
        } finally {
            p.stopAndWait(Duration.ofSeconds(10));
        }
    }

    @Test
    void unknownMountIsAProtocolError() {
        Recorder r = new Recorder();
        CameraPuller p = puller(digest.url("cam").replace("/cam", "/nope"), "tcp", USER, PASSWORD, r);
        p.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> !r.failures.isEmpty());
            assertThat(r.failures.get(0).kind()).isEqualTo(FailureKind.PROTOCOL);
            assertThat(r.failures.get(0).errorCode()).isEqualTo("404");
        } finally {
            p.stopAndWait(Duration.ofSeconds(10));
        }
    }

    @Test
    void stopEndsABlockedSessionPromptly() {
        Recorder r = new Recorder();
        CameraPuller p = puller(digest.url("cam"), "tcp", USER, PASSWORD, r);
        p.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !r.packets.isEmpty());
        long t = System.nanoTime();
        p.stopAndWait(Duration.ofSeconds(10));
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(3000);
        int n = r.packets.size();
        await().pollDelay(Duration.ofMillis(500)).until(() -> r.packets.size() == n);
    }
}
