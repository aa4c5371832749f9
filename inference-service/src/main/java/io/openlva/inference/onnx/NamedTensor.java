package io.openlva.inference.onnx;

import java.util.Arrays;

/** A model output copied out of ONNX Runtime: name, shape, values flattened row-major. Decoders only see these. */
public record NamedTensor(String name, long[] shape, float[] data) {

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return (int) shape[i];
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
