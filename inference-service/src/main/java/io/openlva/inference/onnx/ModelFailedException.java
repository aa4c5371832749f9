package io.openlva.inference.onnx;

/** ONNX Runtime failed to run the model on one input; the next input may well succeed. */
public class ModelFailedException extends RuntimeException {

    public ModelFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
