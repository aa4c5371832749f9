package io.openlva.devkit;

import java.nio.file.Path;
import java.util.function.BiFunction;

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
            broker = start("kafka-test-", KafkaBroker::start);
        }
        return broker;
    }

    /** As {@link #shared()}, a broker that authenticates (SCRAM) and authorizes (ACLs): {@link KafkaBroker#startSecured}. */
    public static synchronized KafkaBroker secured() {
        if (secured == null || !secured.isRunning()) {
            secured = start("kafka-secured-", KafkaBroker::startSecured);
        }
        return secured;
    }

    private static KafkaBroker start(String dirPrefix, BiFunction<Integer, Path, KafkaBroker> starter) {
        Path dir = Path.of("target", dirPrefix + ProcessHandle.current().pid() + "-" + System.nanoTime()).toAbsolutePath();
        KafkaBroker started = starter.apply(0, dir);
        Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-kafka-stop"));
        return started;
    }
}
