package io.openlva.devkit;

import java.nio.file.Path;

/**
 * One real broker per test class loader (a module's test run; Quarkus tests load this class again in their
 * own class loader and so get a broker of their own), started on first use on a free loopback port and
 * stopped when the JVM exits. Its data lives under {@code target/} of the module under test, in a directory
 * of its own.
 */
public final class TestKafka {

    private static KafkaBroker broker;
    private static KafkaBroker secured;

    private TestKafka() {
    }

    public static synchronized KafkaBroker shared() {
        if (broker == null || !broker.isRunning()) {
            Path dir = Path.of("target", "kafka-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
                    .toAbsolutePath();
            broker = KafkaBroker.start(0, dir);
            KafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-kafka-stop"));
        }
        return broker;
    }

    /** As {@link #shared()}, a broker that authenticates (SCRAM) and authorizes (ACLs): {@link KafkaBroker#startSecured}. */
    public static synchronized KafkaBroker secured() {
        if (secured == null || !secured.isRunning()) {
            Path dir = Path.of("target", "kafka-secured-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
                    .toAbsolutePath();
            secured = KafkaBroker.startSecured(0, dir);
            KafkaBroker started = secured;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-kafka-secured-stop"));
        }
        return secured;
    }
}
