package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.openlva.devkit.Ports;

/**
 * The bundled broker's start script (files/kafka-broker.sh, as the chart renders it and compose mounts it) run with
 * bash on this machine: the chart's KAFKA_CFG_* settings become server.properties, the storage is formatted once, the
 * broker serves, and a restart on the same volume keeps its topics. Kafka's bin/kafka-storage.sh and
 * kafka-server-start.sh are stood in for by scripts that start the same Java classes with this test's classpath.
 * Listeners move to free ports on 127.0.0.1; every other setting is the chart's.
 */
class KafkaBrokerScriptTest {

    @Test
    void startsFormatsOnceAndKeepsItsDataAcrossARestart(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("kafka-home");
        Files.createDirectories(home.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        tool(home, "kafka-storage.sh", java, "kafka.tools.StorageTool");
        tool(home, "kafka-server-start.sh", java, "kafka.Kafka");

        Container broker = Chart.open().get(StatefulSet.class, Chart.FULLNAME + "-kafka").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        int port = Ports.free();
        int controller = Ports.free();
        Path data = dir.resolve("volume");
        Map<String, String> overrides = Map.of(
                "KAFKA_CFG_LISTENERS", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "KAFKA_CFG_ADVERTISED_LISTENERS", "PLAINTEXT://127.0.0.1:" + port,
                "KAFKA_CFG_CONTROLLER_QUORUM_VOTERS", "1@127.0.0.1:" + controller,
                "KAFKA_CFG_LOG_DIRS", data.resolve("kraft-logs").toString(),
                "KAFKA_HEAP_OPTS", "-Xmx256m",
                "KAFKA_WORK_DIR", dir.resolve("tmp").toString());
        String script = broker.getArgs().get(0);
        String bootstrap = "127.0.0.1:" + port;

        Path firstLog = dir.resolve("first.log");
        Process first = start(script, broker, overrides, home, firstLog);
        try (Admin admin = admin(bootstrap)) {
            awaitBroker(admin, first, firstLog);
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } finally {
            stop(first);
        }
        String log = Files.readString(firstLog);
        assertThat(log).contains("process.roles=broker,controller", "node.id=1", "message.max.bytes=16777216",
                "offsets.topic.replication.factor=1", "log.dirs=" + data.resolve("kraft-logs"),
                "controller.listener.names=CONTROLLER", "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        assertThat(data.resolve("kraft-logs/meta.properties")).content().contains("cluster.id=T3BlbkxWQS1LUmFmdC0wMQ");

        Path secondLog = dir.resolve("second.log");
        Process second = start(script, broker, overrides, home, secondLog);
        try (Admin admin = admin(bootstrap)) {
            awaitBroker(admin, second, secondLog);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
        } finally {
            stop(second);
        }
        assertThat(Files.readString(secondLog)).contains("kraft-logs is formatted");
    }

    @Test
    void refusesToStartWithoutSettings(@TempDir Path dir) throws Exception {
        Container broker = Chart.open().get(StatefulSet.class, Chart.FULLNAME + "-kafka").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", broker.getArgs().get(0)).redirectErrorStream(true);
        pb.environment().put("CLUSTER_ID", "T3BlbkxWQS1LUmFmdC0wMQ");
        pb.environment().put("KAFKA_WORK_DIR", dir.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_CFG_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("no KAFKA_CFG_PROCESS_ROLES given");
    }

    static void tool(Path home, String name, String java, String mainClass) throws IOException {
        Path script = home.resolve("bin").resolve(name);
        Files.writeString(script, "#!/bin/bash\nexec \"" + java + "\" $KAFKA_HEAP_OPTS $KAFKA_LOG4J_OPTS -cp \"$TEST_CLASSPATH\" "
                + mainClass + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Process start(String script, Container broker, Map<String, String> overrides, Path home, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_"));
        for (EnvVar e : broker.getEnv()) {
            pb.environment().put(e.getName(), e.getValue());
        }
        pb.environment().putAll(overrides);
        pb.environment().put("KAFKA_HOME", home.toString());
        pb.environment().put("TEST_CLASSPATH", System.getProperty("java.class.path"));
        return pb.start();
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000));
    }

    /** Bounded: the broker answers within 90 s, or the test fails with the script's output. */
    static void awaitBroker(Admin admin, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            assertThat(process.isAlive()).as("broker running; its output:%n%s", Files.readString(log)).isTrue();
            try {
                Set<String> names = admin.listTopics().names().get(5, TimeUnit.SECONDS);
                assertThat(names).isNotNull();
                return;
            } catch (ExecutionException | TimeoutException e) {
                assertThat(System.nanoTime()).as("broker answers within 90 s; its output:%n%s", Files.readString(log))
                        .isLessThan(deadline);
            }
        }
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
