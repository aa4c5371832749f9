package io.openlva.inference.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.grpc.stub.StreamObserver;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.GrpcExtension;
import io.openlva.graph.model.UsernamePasswordCredentials;
import io.openlva.inference.LvaSchema;
import io.openlva.inference.TestFrames;
import io.openlva.inference.TestModel;
import io.openlva.inference.grpc.protocol.MediaGraphExtensionGrpc;
import io.openlva.inference.grpc.protocol.MediaSample;
import io.openlva.inference.grpc.protocol.MediaStreamDescriptor;
import io.openlva.inference.grpc.protocol.MediaStreamMessage;
import io.openlva.inference.node.DiagnosticException;
import io.openlva.inference.node.FrameDroppedException;
import io.openlva.inference.onnx.ModelCache;
import io.openlva.inference.onnx.OnnxExtensionRunner;

/**
 * The GrpcExtension client against inference-service's own extension server (the built-in ONNX model), over real
 * gRPC on 127.0.0.1 and real shared memory under /dev/shm: embedded and shared memory sessions, a server killed
 * mid-stream and restarted, and small servers that break the protocol.
 */
class GrpcExtensionTest {

    private static final Path SHM = Path.of("/dev/shm");
    private static ModelCache models;
    private static ExtensionService onnx;

    @BeforeAll
    static void model() {
        models = new ModelCache(TestModel.path().toString(), "auto", List.of(), 1, 1);
        OnnxExtensionRunner runner = new OnnxExtensionRunner(models.defaultModel(), 0.5, 0.45, n -> { });
        onnx = new ExtensionService((frame, config) -> LvaInferences.entities(runner.detect(frame)), SHM);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private static GrpcExtensionRunner.Settings settings() {
        return new GrpcExtensionRunner.Settings(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(1), 2,
                32 << 20, SHM);
    }

    private static GrpcExtension node(int port, String mode) {
        return new GrpcExtension("grpcExtension", List.of(), new Endpoint(io.openlva.graph.model.EndpointKind.UNSECURED,
                "tcp://127.0.0.1:" + port, new UsernamePasswordCredentials("user", "secret"), List.of(), false, false),
                null, null, mode, mode.equals("sharedMemory") ? 8 : 0, "{}");
    }

    private static MediaFrame jpeg(long mediaTimeUs) {
        return new MediaFrame(new StreamKey("cam", "grpcExtension"), "rtspSource", mediaTimeUs, 0, "image/jpeg", null,
                TestFrames.SOURCE_WIDTH, TestFrames.SOURCE_HEIGHT, TestFrames.SOURCE_WIDTH, TestFrames.SOURCE_HEIGHT, "none",
                null, TestFrames.read(TestFrames.jpegs().get(0)));
    }

    private static MediaFrame raw(long mediaTimeUs) {
        return new MediaFrame(new StreamKey("cam", "grpcExtension"), "rtspSource", mediaTimeUs, 0, "image/x-raw", "rgb24",
                640, 640, 640, 640, "none", null, TestFrames.read(TestFrames.paddedRgb24().get(0)));
    }

    private static void assertPerson(Optional<ObjectNode> body, long mediaTimeUs) {
        assertThat(body).isPresent();
        assertThat(body.get().get("timestamp").asLong()).isEqualTo(mediaTimeUs * 9 / 100);
        assertThat(body.get().get("inferences").findValues("value").stream().map(v -> v.asText())).contains("person");
        assertThat(body.get().at("/inferences/0/type").asText()).isEqualTo("entity");
        assertThat(LvaSchema.projectCopy().errors(body.get())).isEmpty();
    }

    private static List<Path> shmFiles() throws IOException {
        try (Stream<Path> s = Files.list(SHM)) {
            return s.filter(p -> p.getFileName().toString().startsWith("openlva-")).toList();
        }
    }

    @Test
    void embeddedSamplesGetTheServersInferences() {
        try (ExtensionServer server = ExtensionServer.start("127.0.0.1", 0, onnx, 32 << 20);
                GrpcExtensionRunner runner = new GrpcExtensionRunner("cam", node(server.port(), "embedded"), settings())) {
            assertPerson(runner.infer(jpeg(1_000_000)), 1_000_000);
            assertPerson(runner.infer(jpeg(1_200_000)), 1_200_000);
        }
    }

    @Test
    void sharedMemorySamplesAreReadByTheServerAndReleasedOnAck() throws IOException {
        List<Path> before = shmFiles();
        try (ExtensionServer server = ExtensionServer.start("127.0.0.1", 0, onnx, 32 << 20);
                GrpcExtensionRunner runner = new GrpcExtensionRunner("cam", node(server.port(), "sharedMemory"), settings())) {
            // 8 MiB hold six 1.2 MB samples: twenty go through only if acknowledged regions are reused
            for (int i = 0; i < 20; i++) {
                long t = 2_000_000 + i * 200_000L;
                if (i % 5 == 0) {
                    assertPerson(runner.infer(raw(t)), t);
                } else {
                    assertThat(runner.infer(raw(t))).isPresent();
                }
            }
            assertThat(shmFiles()).hasSize(before.size() + 1);
        }
        assertThat(shmFiles()).as("the session's file is removed when the node closes").hasSize(before.size());
    }

    @Test
    void aServerKilledMidStreamAndRestartedGetsTheSessionBack() {
        ExtensionServer server = ExtensionServer.start("127.0.0.1", 0, onnx, 32 << 20);
        int port = server.port();
        try (GrpcExtensionRunner runner = new GrpcExtensionRunner("cam", node(port, "sharedMemory"), settings())) {
            assertPerson(runner.infer(raw(1_000_000)), 1_000_000);
            server.close();
            assertThatThrownBy(() -> runner.infer(raw(1_200_000))).isInstanceOf(FrameDroppedException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasMessageNotContaining("secret");
            server = ExtensionServer.start("127.0.0.1", port, onnx, 32 << 20);
            AtomicInteger t = new AtomicInteger(2_000_000);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreException(FrameDroppedException.class)
                    .until(() -> runner.infer(raw(t.addAndGet(200_000))).isPresent());
            assertPerson(runner.infer(raw(9_000_000)), 9_000_000);
        } finally {
            server.close();
        }
    }

    /** A server that answers the descriptor with a sample, or samples with acknowledgements of nothing, or too much. */
    private static final class BadServer extends MediaGraphExtensionGrpc.MediaGraphExtensionImplBase {
        final String how;
        final AtomicInteger sessions = new AtomicInteger();

        BadServer(String how) {
            this.how = how;
        }

        @Override
        public StreamObserver<MediaStreamMessage> processMediaStream(StreamObserver<MediaStreamMessage> out) {
            sessions.incrementAndGet();
            return new StreamObserver<>() {
                @Override
                public void onNext(MediaStreamMessage m) {
                    MediaStreamMessage.Builder answer = MediaStreamMessage.newBuilder().setSequenceNumber(m.getSequenceNumber());
                    if (m.hasMediaStreamDescriptor()) {
                        if (how.equals("no-descriptor")) {
                            out.onNext(answer.setAckSequenceNumber(m.getSequenceNumber())
                                    .setMediaSample(MediaSample.getDefaultInstance()).build());
                        } else {
                            out.onNext(answer.setAckSequenceNumber(m.getSequenceNumber())
                                    .setMediaStreamDescriptor(MediaStreamDescriptor.getDefaultInstance()).build());
                        }
                    } else if (how.equals("unknown-ack")) {
                        out.onNext(answer.setAckSequenceNumber(m.getSequenceNumber() + 1000)
                                .setMediaSample(MediaSample.getDefaultInstance()).build());
                    } else {
                        // an answer of 2 MB, over the client's 1 MB limit
                        out.onNext(answer.setAckSequenceNumber(m.getSequenceNumber()).setMediaSample(MediaSample.newBuilder()
                                .setContentBytes(io.openlva.inference.grpc.protocol.ContentBytes.newBuilder()
                                        .setBytes(com.google.protobuf.ByteString.copyFrom(new byte[2 << 20])))).build());
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    out.onCompleted();
                }
            };
        }
    }

    @Test
    void aServerBreakingTheProtocolGetsItsSessionClosedWithAProtocolError() {
        for (String how : List.of("no-descriptor", "unknown-ack", "oversized")) {
            BadServer bad = new BadServer(how);
            io.grpc.Server server;
            try {
                server = io.grpc.netty.NettyServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
                        .maxInboundMessageSize(32 << 20).addService(bad).build().start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            GrpcExtensionRunner.Settings small = new GrpcExtensionRunner.Settings(Duration.ofSeconds(30), Duration.ofMillis(100),
                    Duration.ofMillis(200), 2, 1 << 20, SHM);
            try (GrpcExtensionRunner runner = new GrpcExtensionRunner("cam", node(server.getPort(), "embedded"), small)) {
                assertThatThrownBy(() -> runner.infer(jpeg(1_000_000))).as(how)
                        .isInstanceOfSatisfying(DiagnosticException.class, e -> {
                            assertThat(e.eventType()).isEqualTo(EventTypes.PROTOCOL_ERROR);
                            assertThat(e.reason()).isEqualTo("protocol-error");
                        })
                        .hasMessageContaining("session closed");
                // the node lives on: after the backoff a new session is tried (and broken again by this server)
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    try {
                        runner.infer(jpeg(2_000_000));
                    } catch (FrameDroppedException e) {
                        // dropped while waiting, or the next violation
                    }
                    return bad.sessions.get() >= 2;
                });
            } finally {
                server.shutdownNow();
            }
        }
    }
}
