package io.openlva.inference.grpc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.inference.grpc.protocol.ContentBytes;
import io.openlva.inference.grpc.protocol.ContentReference;
import io.openlva.inference.grpc.protocol.Inference;
import io.openlva.inference.grpc.protocol.MediaDescriptor;
import io.openlva.inference.grpc.protocol.MediaGraphExtensionGrpc;
import io.openlva.inference.grpc.protocol.MediaSample;
import io.openlva.inference.grpc.protocol.MediaStreamDescriptor;
import io.openlva.inference.grpc.protocol.MediaStreamMessage;
import io.openlva.inference.grpc.protocol.SharedMemoryBufferTransferProperties;
import io.openlva.inference.node.DiagnosticException;
import io.openlva.inference.node.FrameDroppedException;

/**
 * One {@code ProcessMediaStream} call: the client's side of a session with an extension server for one stream and
 * node. The descriptor goes first and the server's descriptor must come back first; then each sample is sent and
 * its answer (the message acknowledging its sequence number) awaited. At most {@code maxInFlight} samples are
 * unacknowledged (a sample whose answer timed out stays in flight until acknowledged); a shared memory region is
 * released when its sample is acknowledged. A server that breaks the protocol (no descriptor first, an
 * acknowledgement of nothing sent, a message over the size limit) ends the session with a {@link DiagnosticException}
 * ({@code ProtocolError}); a server that goes away ends it with a plain drop. Either way the owner reconnects.
 */
final class ExtensionSession implements AutoCloseable {

    /** The session cannot go on (server gone or protocol broken). */
    static final class Broken extends FrameDroppedException {
        Broken(String reason, String message) {
            super(reason, message);
        }
    }

    private static final Object COMPLETED = new Object();

    private final String name;
    private final MediaDescriptor media;
    private final SharedMemoryBuffer shm;
    private final Duration timeout;
    private final int maxInFlight;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    /** Sequence number of each unacknowledged sample -> its shared memory offset (-1 when embedded). */
    private final Map<Long, Long> inFlight = new LinkedHashMap<>();
    private ClientCallStreamObserver<MediaStreamMessage> requests;
    private long sequence;
    private volatile boolean broken;

    /**
     * @param name what logs and events call the session (instance/node and the masked endpoint)
     * @param shm  the session's shared memory, or null for embedded transfer
     */
    ExtensionSession(String name, MediaDescriptor media, SharedMemoryBuffer shm, Duration timeout, int maxInFlight) {
        this.name = name;
        this.media = media;
        this.shm = shm;
        this.timeout = timeout;
        this.maxInFlight = Math.max(1, maxInFlight);
    }

    MediaDescriptor media() {
        return media;
    }

    boolean broken() {
        return broken;
    }

    /** Opens the call and exchanges the descriptors. */
    void open(MediaGraphExtensionGrpc.MediaGraphExtensionStub stub, MediaStreamDescriptor.Builder descriptor) {
        stub.processMediaStream(new ClientResponseObserver<MediaStreamMessage, MediaStreamMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<MediaStreamMessage> requestStream) {
                requests = requestStream;
            }

            @Override
            public void onNext(MediaStreamMessage value) {
                received.add(value);
            }

            @Override
            public void onError(Throwable t) {
                received.add(t);
            }

            @Override
            public void onCompleted() {
                received.add(COMPLETED);
            }
        });
        descriptor.setMediaDescriptor(media);
        if (shm != null) {
            descriptor.setSharedMemoryBufferTransferProperties(SharedMemoryBufferTransferProperties.newBuilder()
                    .setHandleName(shm.name()).setLengthBytes(shm.size()));
        }
        send(MediaStreamMessage.newBuilder().setMediaStreamDescriptor(descriptor));
        MediaStreamMessage first = next("the server's descriptor");
        if (!first.hasMediaStreamDescriptor()) {
            throw violation("the server's first message is not a MediaStreamDescriptor (payload "
                    + first.getPayloadCase() + ")");
        }
        if (first.getAckSequenceNumber() > sequence) {
            throw violation("the server acknowledged message " + first.getAckSequenceNumber() + ", never sent");
        }
    }

    /** Sends the frame as the next sample and returns the inferences of its answer. */
    List<Inference> process(MediaFrame frame) {
        while (inFlight.size() >= maxInFlight) {
            take(next("acknowledgements of earlier samples"));
        }
        MediaSample.Builder sample = MediaSample.newBuilder().setTimestamp(SampleFormats.timestamp(frame.mediaTimeUs()));
        long offset = -1;
        if (shm != null) {
            offset = shm.write(frame.data());
            if (offset < 0) {
                throw new FrameDroppedException("shared-memory-full", "GrpcExtension " + name + ": a sample of "
                        + frame.data().length + " bytes does not fit the shared memory of " + shm.size()
                        + " bytes beside the samples in flight (raise dataTransfer.SharedMemorySizeMiB)");
            }
            sample.setContentReference(ContentReference.newBuilder().setAddressOffset(offset).setLengthBytes(frame.data().length));
        } else {
            sample.setContentBytes(ContentBytes.newBuilder().setBytes(ByteString.copyFrom(frame.data())));
        }
        if (frame.inferencesJson() != null) {
            sample.addAllInferences(LvaInferences.fromJson(io.openlva.graph.contract.Json.read(frame.inferencesJson())));
        }
        send(MediaStreamMessage.newBuilder().setMediaSample(sample));
        long mine = sequence;
        inFlight.put(mine, offset);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new FrameDroppedException("extension-timeout", "GrpcExtension " + name + ": no answer to the sample at "
                        + frame.mediaTimeUs() + " us within " + timeout.toMillis() + " ms");
            }
            MediaStreamMessage m = poll(left);
            if (m != null && take(m) == mine) {
                return m.getMediaSample().getInferencesList();
            }
        }
    }

    /** Checks an answer and releases what it acknowledges; returns the acknowledged sequence number. */
    private long take(MediaStreamMessage m) {
        if (m.hasMediaStreamDescriptor()) {
            throw violation("a second MediaStreamDescriptor in the middle of the stream");
        }
        long ack = m.getAckSequenceNumber();
        Long offset = inFlight.remove(ack);
        if (offset == null) {
            throw violation("acknowledgement of message " + ack + ", which is not an unacknowledged sample");
        }
        if (offset >= 0) {
            shm.release(offset);
        }
        return ack;
    }

    private void send(MediaStreamMessage.Builder m) {
        if (broken) {
            throw new Broken("extension-unreachable", "GrpcExtension " + name + ": session closed");
        }
        requests.onNext(m.setSequenceNumber(++sequence).build());
    }

    private MediaStreamMessage next(String what) {
        MediaStreamMessage m = poll(timeout.toNanos());
        if (m == null) {
            throw fail("extension-timeout", "no " + what + " within " + timeout.toMillis() + " ms");
        }
        return m;
    }

    /** The next message, or null after {@code nanos}; a failed or ended call breaks the session. */
    private MediaStreamMessage poll(long nanos) {
        Object o;
        try {
            o = received.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted", "interrupted");
        }
        if (o == null || o instanceof MediaStreamMessage) {
            return (MediaStreamMessage) o;
        }
        if (o == COMPLETED) {
            throw fail("extension-unreachable", "the server ended the stream");
        }
        Status status = Status.fromThrowable((Throwable) o);
        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            throw violation("a message over the size limit (" + status.getDescription() + ")");
        }
        throw fail("extension-unreachable", "the stream failed: " + status.getCode()
                + (status.getDescription() == null ? "" : " " + status.getDescription()));
    }

    private Broken fail(String reason, String message) {
        close();
        return new Broken(reason, "GrpcExtension " + name + ": " + message);
    }

    private DiagnosticException violation(String what) {
        close();
        return new DiagnosticException(EventTypes.PROTOCOL_ERROR, "ProtocolViolation", "protocol-error",
                "GrpcExtension " + name + " broke the extension protocol: " + what + "; session closed");
    }

    @Override
    public void close() {
        if (broken) {
            return;
        }
        broken = true;
        if (requests != null) {
            try {
                requests.cancel("session closed", null);
            } catch (RuntimeException e) {
                // already gone
            }
        }
        if (shm != null) {
            shm.close();
        }
    }
}
