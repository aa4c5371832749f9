package io.openlva.devkit;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a broker until this process is stopped (Ctrl-C / SIGTERM): {@code run-local.sh} uses it.
 *
 * <pre>java -cp ... io.openlva.devkit.KafkaBrokerMain [--port 9092] [--data target/local/kafka]</pre>
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 9092;
        Path data = Path.of("target/local/kafka");
        for (int i = 0; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--data" -> data = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        KafkaBroker broker = KafkaBroker.start(port, data.toAbsolutePath());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            stopped.countDown();
        }, "kafka-broker-stop"));
        System.out.println("Kafka broker ready on " + broker.bootstrapServers() + " (log: " + broker.logFile() + ")");
        stopped.await();
    }
}
