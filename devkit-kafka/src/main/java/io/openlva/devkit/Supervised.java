package io.openlva.devkit;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class and halts when a given parent process ends, so a process started by the local
 * run or a system test never outlives its starter, even when the starter is killed with SIGKILL.
 *
 * <pre>java -cp devkit.jar:app.jar io.openlva.devkit.Supervised PARENT_PID MAIN_CLASS [ARGS...]</pre>
 */
public final class Supervised {

    private Supervised() {
    }

    /**
     * Command prefix that puts a child in a session of its own, so a Ctrl-C in the starter's terminal reaches
     * only the starter, which then stops its children in order (deactivate, then services, then Kafka).
     */
    public static java.util.List<String> ownSession() {
        return java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/setsid"))
                ? java.util.List.of("/usr/bin/setsid") : java.util.List.of();
    }

    public static void main(String[] args) throws Throwable {
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    // orderly shutdown first (Quarkus closes consumers, the recorder closes clips), bounded
                    Thread stopper = new Thread(() -> System.exit(0), "supervised-exit");
                    stopper.setDaemon(true);
                    stopper.start();
                    try {
                        stopper.join(15_000);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(0);
                }),
                () -> Runtime.getRuntime().halt(0));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
