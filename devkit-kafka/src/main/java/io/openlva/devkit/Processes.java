package io.openlva.devkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the processes the project starts: politely first (SIGTERM), by force after a grace time. */
public final class Processes {

    private Processes() {
    }

    /** SIGTERM, then SIGKILL if the process is still there after {@code grace}; waits for it to be gone. */
    public static void stop(Process process, Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** SIGKILL, as a crash or a power cut would end it; waits (bounded) for it to be gone. */
    public static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
