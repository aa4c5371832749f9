package io.openlva.ingest.rtsp;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.runtime.Backoff;

/**
 * Pulls one camera for as long as its instance is active here: connect, forward every packet, and when
 * the camera is lost reconnect with exponential backoff and jitter, forever. Failures are reported, never
 * thrown: a lost camera never takes the service down.
 */
public final class CameraPuller {

    private static final Logger LOG = Logger.getLogger(CameraPuller.class);

    private final SourceSpec spec;
    private final RtspSettings settings;
    private final Backoff backoff;
    private final PacketSink sink;
    private final SessionListener listener;
    private final Object wakeUp = new Object();
    private volatile boolean stopped;
    private Thread thread;

    public CameraPuller(SourceSpec spec, RtspSettings settings, Duration initialBackoff, Duration maxBackoff,
            double jitter, PacketSink sink, SessionListener listener) {
        this.spec = spec;
        this.settings = settings;
        this.backoff = new Backoff(initialBackoff, maxBackoff, jitter);
        this.sink = sink;
        this.listener = listener;
    }

    public SourceSpec spec() {
        return spec;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "rtsp-" + spec.key());
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the pull to end; FFmpeg's interrupt callback unblocks a pending read. */
    public void stop() {
        stopped = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** Stops and waits (bounded) for the session to close. */
    public void stopAndWait(Duration timeout) {
        stop();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isStopped() {
        return stopped;
    }

    private void run() {
        boolean everConnected = false;
        while (!stopped) {
            SessionFailure failure;
            boolean established = false;
            try (RtspSession session = RtspSession.open(spec, settings, () -> stopped)) {
                if (stopped) {
                    break;
                }
                established = true;
                LOG.infof("%s: session established with %s (%s %dx%d)", spec.key(), spec.maskedUrl(), session.codec(),
                        session.width(), session.height());
                listener.established(spec.key(), session.sdp(), everConnected);
                everConnected = true;
                boolean flowing = false;
                while (true) {
                    MediaPacket packet = session.read();
                    if (packet == null) {
                        break; // stop requested
                    }
                    sink.publish(packet);
                    listener.packet(spec.key(), packet.data().length);
                    if (!flowing) {
                        flowing = true;
                        backoff.reset();
                    }
                }
                break;
            } catch (SessionFailure f) {
                failure = f;
            } catch (RuntimeException e) {
                // A bug or a native surprise: report it like a protocol failure and keep retrying.
                LOG.errorf(e, "%s: unexpected failure", spec.key());
                failure = new SessionFailure(FailureKind.PROTOCOL, "InternalError", String.valueOf(e.getMessage()));
            }
            if (stopped) {
                break;
            }
            Duration delay = backoff.next();
            if (established) {
                LOG.warnf("%s: session lost (%s: %s), reconnecting in %d ms", spec.key(), failure.errorCode(),
                        failure.details(), delay.toMillis());
                listener.disconnected(spec.key(), failure, delay.toMillis());
            } else {
                LOG.warnf("%s: cannot connect (%s: %s), attempt %d, retrying in %d ms", spec.key(),
                        failure.errorCode(), failure.details(), backoff.attempts(), delay.toMillis());
                listener.connectFailed(spec.key(), failure, backoff.attempts(), delay.toMillis());
            }
            pause(delay);
        }
        LOG.debugf("%s: pull stopped", spec.key());
    }

    private void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (wakeUp) {
            while (!stopped) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                try {
                    wakeUp.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
        }
    }
}
