package io.openlva.inference.grpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import org.jboss.logging.Logger;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.inference.grpc.protocol.Inference;
import io.openlva.inference.grpc.protocol.MediaDescriptor;
import io.openlva.inference.grpc.protocol.MediaGraphExtensionGrpc;
import io.openlva.inference.grpc.protocol.MediaSample;
import io.openlva.inference.grpc.protocol.MediaStreamDescriptor;
import io.openlva.inference.grpc.protocol.MediaStreamMessage;
import io.openlva.inference.grpc.protocol.VideoFrameSampleFormat;
import io.openlva.inference.image.ImageFormatException;

/**
 * The server side of LVA's extension protocol: OpenLVA's models offered to any client of the protocol (an LVA/AVA
 * graph's GrpcExtension, or OpenLVA's own). Each call is one session: the client's descriptor first (answered by
 * ours), then samples, embedded or in the client's shared memory file (mapped by its name under the shared memory
 * directory), each answered with the inferences found, acknowledging its sequence number. A client that breaks
 * the protocol gets the call failed with INVALID_ARGUMENT and the reason.
 */
public final class ExtensionService extends MediaGraphExtensionGrpc.MediaGraphExtensionImplBase {

    private static final Logger LOG = Logger.getLogger(ExtensionService.class);

    /** What the server runs on a sample. */
    @FunctionalInterface
    public interface Detector {
        /** The inferences of one image; {@code frame.inferencesJson()} holds the client's upstream inferences. */
        List<Inference> detect(MediaFrame frame, String extensionConfiguration);
    }

    private final Detector detector;
    private final Path sharedMemoryDir;

    public ExtensionService(Detector detector, Path sharedMemoryDir) {
        this.detector = detector;
        this.sharedMemoryDir = sharedMemoryDir;
    }

    @Override
    public StreamObserver<MediaStreamMessage> processMediaStream(StreamObserver<MediaStreamMessage> responses) {
        return new Session(responses);
    }

    private final class Session implements StreamObserver<MediaStreamMessage> {
        private final StreamObserver<MediaStreamMessage> responses;
        private MediaStreamDescriptor descriptor;
        private VideoFrameSampleFormat format;
        private ByteBuffer shared;
        private long sequence;
        private boolean done;

        Session(StreamObserver<MediaStreamMessage> responses) {
            this.responses = responses;
        }

        @Override
        public void onNext(MediaStreamMessage m) {
            if (done) {
                return;
            }
            try {
                if (descriptor == null) {
                    start(m);
                } else {
                    sample(m);
                }
            } catch (ProtocolException e) {
                done = true;
                LOG.warnf("gRPC extension session ended: %s", e.getMessage());
                responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            }
        }

        private void start(MediaStreamMessage m) {
            if (!m.hasMediaStreamDescriptor()) {
                throw new ProtocolException("the first message must be a MediaStreamDescriptor, got " + m.getPayloadCase());
            }
            descriptor = m.getMediaStreamDescriptor();
            MediaDescriptor media = descriptor.getMediaDescriptor();
            if (!media.hasVideoFrameSampleFormat()) {
                throw new ProtocolException("the media descriptor has no video frame sample format");
            }
            format = media.getVideoFrameSampleFormat();
            if (descriptor.hasSharedMemoryBufferTransferProperties()) {
                var props = descriptor.getSharedMemoryBufferTransferProperties();
                try {
                    shared = SharedMemoryBuffer.mapReadOnly(sharedMemoryDir, props.getHandleName(), props.getLengthBytes());
                } catch (IOException | RuntimeException e) {
                    throw new ProtocolException("cannot map the shared memory '" + props.getHandleName() + "' of "
                            + props.getLengthBytes() + " bytes: " + e.getMessage());
                }
            }
            responses.onNext(MediaStreamMessage.newBuilder().setSequenceNumber(++sequence)
                    .setAckSequenceNumber(m.getSequenceNumber())
                    .setMediaStreamDescriptor(MediaStreamDescriptor.newBuilder().setExtensionIdentifier("openlva")
                            .setMediaDescriptor(media))
                    .build());
        }

        private void sample(MediaStreamMessage m) {
            if (!m.hasMediaSample()) {
                throw new ProtocolException("expected a MediaSample, got " + m.getPayloadCase());
            }
            MediaSample s = m.getMediaSample();
            byte[] data;
            if (s.hasContentReference()) {
                if (shared == null) {
                    throw new ProtocolException("a content reference without shared memory in the descriptor");
                }
                long offset = s.getContentReference().getAddressOffset();
                long length = s.getContentReference().getLengthBytes();
                if (offset < 0 || length < 0 || offset + length > shared.capacity()) {
                    throw new ProtocolException("content reference " + offset + "+" + length + " outside the shared memory of "
                            + shared.capacity() + " bytes");
                }
                data = new byte[(int) length];
                shared.get((int) offset, data);
            } else {
                data = s.getContentBytes().getBytes().toByteArray();
            }
            List<Inference> found;
            try {
                found = detector.detect(frame(s, data), descriptor.getExtensionConfiguration());
            } catch (ImageFormatException e) {
                LOG.debugf("gRPC extension: sample %d not readable: %s", m.getSequenceNumber(), e.getMessage());
                found = List.of();
            }
            responses.onNext(MediaStreamMessage.newBuilder().setSequenceNumber(++sequence)
                    .setAckSequenceNumber(m.getSequenceNumber())
                    .setMediaSample(MediaSample.newBuilder().setTimestamp(s.getTimestamp()).addAllInferences(found))
                    .build());
        }

        private MediaFrame frame(MediaSample s, byte[] data) {
            int w = format.getDimensions().getWidth();
            int h = format.getDimensions().getHeight();
            var id = descriptor.getGraphIdentifier();
            StreamKey key = new StreamKey(id.getGraphInstanceName().isEmpty() ? "-" : id.getGraphInstanceName(),
                    id.getGraphNodeName().isEmpty() ? "-" : id.getGraphNodeName());
            String upstream = s.getInferencesCount() == 0 ? null : LvaInferences.toJson(s.getInferencesList()).toString();
            return new MediaFrame(key, null, SampleFormats.mediaTimeUs(s.getTimestamp(),
                    descriptor.getMediaDescriptor().getTimescale()), 0, SampleFormats.contentType(format),
                    SampleFormats.pixelFormatName(format), w, h, w, h, "none", upstream, data);
        }

        @Override
        public void onError(Throwable t) {
            done = true;
        }

        @Override
        public void onCompleted() {
            if (!done) {
                done = true;
                responses.onCompleted();
            }
        }
    }

    private static final class ProtocolException extends RuntimeException {
        ProtocolException(String message) {
            super(message, null, false, false);
        }
    }
}
