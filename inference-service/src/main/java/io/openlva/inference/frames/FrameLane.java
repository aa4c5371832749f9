package io.openlva.inference.frames;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;

/**
 * Runs frames through their nodes on a thread of its own, one at a time in the order handed over, so the frame loop
 * polls, parses and fetches the next frames while the model runs (the profile showed that work adding up on the
 * model's thread). At most one frame waits here: {@link #submit} blocks while it is taken, so nothing queues
 * beyond it and the latency budget is checked when a frame's turn comes.
 */
final class FrameLane implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FrameLane.class);
    /** Handed over last by {@link #close}: the lane stops when it gets here. */
    private static final MediaFrame STOP = new MediaFrame(new StreamKey("-", "-"), null, 0, 0, "-", null, 0, 0, 0, 0, null,
            null, new byte[0]);

    private final BlockingQueue<MediaFrame> next = new ArrayBlockingQueue<>(1);
    private final Consumer<MediaFrame> process;
    private final Thread thread;

    FrameLane(Consumer<MediaFrame> process, String name) {
        this.process = process;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Hands a frame over; waits while the previous one is still waiting for its turn. */
    void submit(MediaFrame frame) throws InterruptedException {
        if (!thread.isAlive()) {
            throw new IllegalStateException("the frame lane stopped");
        }
        while (!next.offer(frame, 1, TimeUnit.SECONDS)) {
            if (!thread.isAlive()) {
                throw new IllegalStateException("the frame lane stopped");
            }
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        try {
            while (true) {
                MediaFrame frame = next.take();
                if (frame == STOP) {
                    return;
                }
                process.accept(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // FrameProcessor turns node failures into drops: this is a bug; the loop stops and readiness goes down
            LOG.error("frame lane failed", e);
        }
    }

    /** Finishes the frame handed over last (so a clean stop loses none), then stops. */
    @Override
    public void close() {
        try {
            while (thread.isAlive() && !next.offer(STOP, 1, TimeUnit.SECONDS)) {
                LOG.debug("waiting for the frame lane to take the last frame");
            }
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
