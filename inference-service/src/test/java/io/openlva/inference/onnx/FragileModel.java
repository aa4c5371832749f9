package io.openlva.inference.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real ONNX model (written here as ONNX protobuf, no tool needed) that ONNX Runtime fails to run on some inputs:
 * input {@code images [1,3,8,8]}, output {@code [1,6,32]} (read as a YOLOv8 head with 2 classes and 32 anchors).
 * It reshapes the image to {@code [round(max(images) * 192)]} elements first: an image with a white pixel gives
 * 192 (the element count) and runs; a darker image asks for fewer elements and ONNX Runtime rejects the Reshape.
 */
public final class FragileModel {

    public static final int SIZE = 8;

    private FragileModel() {
    }

    /** Writes the model under target/ and returns its path. */
    public static synchronized Path path() {
        Path p = Path.of("target", "test-models", "fragile.onnx").toAbsolutePath();
        try {
            Files.createDirectories(p.getParent());
            Files.write(p, model());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] model() {
        Proto graph = new Proto()
                .message(1, node("ReduceMax", new String[] {"images"}, "m", new Proto().string(1, "keepdims").int64(3, 0).int64(20, 2)))
                .message(1, node("Mul", new String[] {"m", "k192"}, "mk", null))
                .message(1, node("Cast", new String[] {"mk"}, "k", new Proto().string(1, "to").int64(3, 7).int64(20, 2)))
                .message(1, node("Reshape", new String[] {"k", "one"}, "k1", null))
                .message(1, node("Reshape", new String[] {"images", "k1"}, "flat", null))
                // an element-wise op between the reshapes: ONNX Runtime would fuse two reshapes in a row into one
                .message(1, node("Relu", new String[] {"flat"}, "flatRelu", null))
                .message(1, node("Reshape", new String[] {"flatRelu", "outShape"}, "output0", null))
                .string(2, "fragile")
                .message(5, tensor("k192", 1, new long[0], floats(192f)))
                .message(5, tensor("one", 7, new long[] {1}, longs(1)))
                .message(5, tensor("outShape", 7, new long[] {3}, longs(1, 6, 32)))
                .message(11, valueInfo("images", 1, 3, SIZE, SIZE))
                .message(12, valueInfo("output0", 1, 6, 32));
        return new Proto()
                .int64(1, 8)
                .string(2, "openlva-test")
                .message(7, graph)
                .message(8, new Proto().string(1, "").int64(2, 13))
                .bytes();
    }

    private static Proto node(String op, String[] inputs, String output, Proto attribute) {
        Proto n = new Proto();
        for (String in : inputs) {
            n.string(1, in);
        }
        n.string(2, output).string(3, op + "_" + output).string(4, op);
        if (attribute != null) {
            n.message(5, attribute);
        }
        return n;
    }

    private static Proto tensor(String name, int dataType, long[] dims, byte[] raw) {
        Proto t = new Proto();
        for (long d : dims) {
            t.int64(1, d);
        }
        return t.int64(2, dataType).string(8, name).raw(9, raw);
    }

    private static Proto valueInfo(String name, long... dims) {
        Proto shape = new Proto();
        for (long d : dims) {
            shape.message(1, new Proto().int64(1, d));
        }
        Proto tensorType = new Proto().int64(1, 1).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long l : v) {
            b.putLong(l);
        }
        return b.array();
    }

    /** Protocol buffers wire format, just what an ONNX model needs: varints and length-delimited fields. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto int64(int field, long value) {
            varint((long) field << 3);
            varint(value);
            return this;
        }

        Proto string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return raw(field, value.bytes());
        }

        Proto raw(int field, byte[] value) {
            varint(((long) field << 3) | 2);
            varint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
