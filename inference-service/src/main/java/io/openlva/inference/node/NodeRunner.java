package io.openlva.inference.node;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.MediaFrame;

/**
 * Runs one extension node of one graph instance on its frames. Returns the LVA event body to publish, or empty
 * when there is nothing to say (no inferences: LVA emits no event). Throws {@link FrameDroppedException} when the
 * frame could not be processed for a known reason (counted, never retried).
 */
public interface NodeRunner extends AutoCloseable {

    Optional<ObjectNode> infer(MediaFrame frame);

    /**
     * Whether the node analyses the frame's image. One that does not (object tracker, line crossing) also runs on
     * the time-only frames between its extension's samples ({@link MediaFrame#timeOnly()}).
     */
    default boolean needsImage() {
        return true;
    }

    @Override
    default void close() {
    }

    /** A node that cannot run here (bad model, unsupported kind): each frame is dropped and counted. */
    record Unavailable(String reason, String detail) implements NodeRunner {
        @Override
        public Optional<ObjectNode> infer(MediaFrame frame) {
            throw new FrameDroppedException(reason, detail);
        }
    }
}
