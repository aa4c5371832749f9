package io.openlva.graph.model;

/**
 * A node that sends images to a model (HTTP, gRPC, built-in ONNX): what it asks of the sampler and of the
 * extensions that feed it (AI composition).
 */
public interface ExtensionNode {

    /** Scale and format of the images it gets; null: the camera's, as LVA sent them. */
    ImageSpec image();

    /** Null: {@link SamplingOptions#DEFAULT}. */
    SamplingOptions samplingOptions();

    /** The node's sampling options, the default when it set none. */
    default SamplingOptions sampling() {
        return samplingOptions() == null ? SamplingOptions.DEFAULT : samplingOptions();
    }
}
