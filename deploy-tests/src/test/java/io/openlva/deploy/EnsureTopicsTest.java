package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.openlva.devkit.KafkaBroker;
import io.openlva.devkit.Ports;

/**
 * The topics Job's script (files/ensure-topics.sh, as the chart renders it) run with bash against a real broker.
 * Kafka's bin/kafka-topics.sh and kafka-configs.sh are stood in for by two-line scripts that start the same Java
 * classes (TopicCommand, ConfigCommand) with this test's classpath, so the script's own logic and the Kafka tools'
 * command lines are what is tested.
 */
class EnsureTopicsTest {

    private static KafkaBroker broker;
    private static Path kafkaHome;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        broker = KafkaBroker.start(0, dir.resolve("kafka"));
        kafkaHome = dir.resolve("kafka-home");
        Files.createDirectories(kafkaHome.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        tool("kafka-topics.sh", java, "org.apache.kafka.tools.TopicCommand");
        tool("kafka-configs.sh", java, "kafka.admin.ConfigCommand");
    }

    private static void tool(String name, String java, String mainClass) throws Exception {
        Path script = kafkaHome.resolve("bin").resolve(name);
        Files.writeString(script, "#!/bin/bash\nexec \"" + java + "\" -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp \"$TEST_CLASSPATH\" " + mainClass + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void createsEveryTopicThenRaisesPartitionsAndConfigsOfExistingOnes() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            // A service came first: frames exists with 2 partitions and the service's retention.
            admin.createTopics(List.of(new NewTopic("t1.media.frames", 2, (short) 1)
                    .configs(Map.of("retention.ms", "120000")))).all().get(30, TimeUnit.SECONDS);

            Run run = ensure(Map.of("OPENLVA_TOPIC_PREFIX", "t1."));
            assertThat(run.exit).as(run.log).isZero();
            assertThat(run.log).contains("ensure-topics: topic t1.graph.status ready", "ensure-topics: topic t1.events ready");

            Map<String, String> topics = topicsEnv();
            Set<String> names = topics.keySet().stream().map(n -> "t1." + n).collect(Collectors.toSet());
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(described).hasSize(7);
            for (Map.Entry<String, String> t : topics.entrySet()) {
                String[] f = t.getValue().split(" ");
                String name = "t1." + t.getKey();
                assertThat(described.get(name).partitions()).as(name).hasSize(Integer.parseInt(f[0]));
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, name)))
                        .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                for (String kv : f[1].split(",")) {
                    String key = kv.substring(0, kv.indexOf('='));
                    assertThat(config.get(key).value()).as(name + " " + key).isEqualTo(kv.substring(kv.indexOf('=') + 1));
                }
            }

            // Run again with fewer partitions asked: nothing shrinks, nothing fails.
            Run again = ensure(Map.of("OPENLVA_TOPIC_PREFIX", "t1.", "TOPICS", "media.frames 1 retention.ms=90000\n"));
            assertThat(again.exit).as(again.log).isZero();
            assertThat(again.log).contains("t1.media.frames has 6 partitions (more than 1): kept");
            Config frames = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "t1.media.frames")))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(frames.get("retention.ms").value()).isEqualTo("90000");
        }
    }

    @Test
    void givesUpOnAnUnreachableKafkaWithinItsBoundAndSaysSo() throws Exception {
        long start = System.nanoTime();
        Run run = ensure(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + Ports.free(), "WAIT_SECONDS", "10",
                "COMMAND_TIMEOUT_SECONDS", "8"));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(run.exit).isNotZero();
        assertThat(run.log).contains("did not answer within 10s");
        assertThat(seconds).as("WAIT_SECONDS + one command's bound + a 5 s pause").isLessThan(10 + 8 + 5 + 5);
    }

    private record Run(int exit, String log) {
    }

    /** The rendered topics Job's script and environment, with these overrides, against the test broker. */
    private static Run ensure(Map<String, String> overrides) throws Exception {
        Container job = job();
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : job.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.putAll(overrides);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", job.getArgs().get(0)).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("KAFKA_HOME", kafkaHome.toString());
        pb.environment().put("TEST_CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Container job() {
        return Chart.open().get(Job.class, Chart.FULLNAME + "-topics").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
    }

    /** name -> "partitions configs" of the rendered TOPICS. */
    private static Map<String, String> topicsEnv() {
        Collection<String> lines = Rendered.env(job()).get("TOPICS").getValue().lines().filter(l -> !l.isBlank()).toList();
        return lines.stream().map(l -> l.trim().split("\\s+", 2)).collect(Collectors.toMap(f -> f[0], f -> f[1]));
    }
}
