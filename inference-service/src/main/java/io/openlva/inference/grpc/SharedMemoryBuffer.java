package io.openlva.inference.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The client's shared memory of one session: a file under {@code /dev/shm} mapped here and, by name, by the
 * extension server; samples are written at an offset and referenced by offset and length, and their region is
 * released when the server acknowledges the sample. Regions are handed out as a ring in sending order.
 */
public final class SharedMemoryBuffer implements AutoCloseable {

    private record Region(long offset, int length, boolean[] released) {
    }

    private final Path file;
    private final long size;
    private final MappedByteBuffer map;
    private final Deque<Region> inUse = new ArrayDeque<>();
    private long head;

    public SharedMemoryBuffer(Path dir, String name, long size) {
        this.file = dir.resolve(name);
        this.size = size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            this.map = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the shared memory file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The name the server maps (the file's name under the shared memory directory). */
    public String name() {
        return file.getFileName().toString();
    }

    public long size() {
        return size;
    }

    /** Copies {@code data} into a free region; its offset, or -1 when the in-flight samples leave no room. */
    public synchronized long write(byte[] data) {
        long offset = allocate(data.length);
        if (offset >= 0) {
            map.put((int) offset, data, 0, data.length);
            inUse.addLast(new Region(offset, data.length, new boolean[1]));
            head = offset + data.length;
        }
        return offset;
    }

    private long allocate(int length) {
        if (length > size) {
            return -1;
        }
        if (inUse.isEmpty()) {
            return 0;
        }
        long tail = inUse.peekFirst().offset();
        if (head > tail || head == tail && inUse.isEmpty()) {
            if (size - head >= length) {
                return head;
            }
            return length <= tail ? 0 : -1;
        }
        return tail - head >= length ? head : -1;
    }

    /** The server acknowledged the sample at {@code offset}: its region may be reused. */
    public synchronized void release(long offset) {
        for (Region r : inUse) {
            if (r.offset() == offset) {
                r.released()[0] = true;
                break;
            }
        }
        while (!inUse.isEmpty() && inUse.peekFirst().released()[0]) {
            inUse.removeFirst();
        }
        if (inUse.isEmpty()) {
            head = 0;
        }
    }

    /** Samples written and not yet released. */
    public synchronized int inFlight() {
        return inUse.size();
    }

    /** Removes the file (the server's mapping stays valid until it unmaps it). */
    @Override
    public synchronized void close() {
        inUse.clear();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Maps a client's file read-only (the server side). */
    public static MappedByteBuffer mapReadOnly(Path dir, String name, long length) throws IOException {
        Path f = dir.resolve(name).normalize();
        if (!f.getParent().equals(dir.normalize())) {
            throw new IOException("shared memory name '" + name + "' is not a file name");
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, length);
        }
    }
}
