package io.openlva.graph.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.openlva.graph.model.NodeKind;

class MediaFrameKeyTest {

    private static MediaFrame frame(long mediaTimeUs) {
        return new MediaFrame(new StreamKey("yard", "detector"), "rtsp", mediaTimeUs, 1L, "image/jpeg", null, 2, 2, 2, 2,
                "none", null, new byte[] {1});
    }

    @Test
    void spreadFramesOfOneStreamHaveDistinctKeysAndTheSameStream() {
        ProducerRecord<String, byte[]> a = frame(1_000).toRecord("f", true);
        ProducerRecord<String, byte[]> b = frame(41_000).toRecord("f", true);
        assertThat(a.key()).isNotEqualTo(b.key());
        assertThat(MediaFrame.fromParts(a.key(), a.value(), a.headers()).key()).isEqualTo(new StreamKey("yard", "detector"));
        assertThat(MediaFrame.fromParts(b.key(), b.value(), b.headers()).mediaTimeUs()).isEqualTo(41_000);
    }

    @Test
    void stickyFramesAreKeyedByStream() {
        assertThat(frame(1_000).toRecord("f", false).key()).isEqualTo("yard/detector");
        assertThat(MediaFrame.streamPart("yard/detector")).isEqualTo("yard/detector");
        assertThat(MediaFrame.streamPart("yard/detector#77")).isEqualTo("yard/detector");
    }

    @Test
    void orderedKindsAreTheStatefulOnes() {
        assertThat(NodeKind.GRPC_EXTENSION.needsStreamOrder()).isTrue();
        assertThat(NodeKind.OBJECT_TRACKER.needsStreamOrder()).isTrue();
        assertThat(NodeKind.ONNX_EXTENSION.needsStreamOrder()).isFalse();
        assertThat(NodeKind.HTTP_EXTENSION.needsStreamOrder()).isFalse();
    }
}
