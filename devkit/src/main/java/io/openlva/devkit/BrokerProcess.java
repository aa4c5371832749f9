package io.openlva.devkit;

import java.lang.reflect.Method;

/**
 * Main class of the broker's child JVM: exits when the parent process ends (so a killed test run or
 * local run leaves no broker behind), then runs {@code kafka.Kafka} with the given properties file.
 */
public final class BrokerProcess {

    private BrokerProcess() {
    }

    public static void main(String[] args) throws Exception {
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                () -> Runtime.getRuntime().halt(0));
        // kafka.Kafka is on the child's classpath only (it is optional in devkit's POM).
        Method main = Class.forName("kafka.Kafka").getMethod("main", String[].class);
        main.invoke(null, (Object) new String[] {args[1]});
    }
}
