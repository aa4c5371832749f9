package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.openlva.devkit.Ports;
import io.openlva.graph.contract.KafkaClients;

/**
 * The chart's secured Kafka for real: the broker started by files/kafka-broker.sh with the chart's settings, its
 * generated admin password and its Helm-generated CA and certificate (SASL_SSL), the topics Job's script creating
 * topics, the services' users and their ACLs, then probes with the services' logins over TLS trusting the chart's
 * CA; a client without TLS, or trusting another CA, gets nowhere. Prints {@code ACL probe (chart): ...} lines.
 */
class KafkaAuthBrokerTest {

    private static final String F = Chart.FULLNAME;

    @Test
    void onlyHubBridgeWritesTheGraphTopicsOfTheChartsBroker(@TempDir Path dir) throws Exception {
        // The external listener on 127.0.0.1, so the generated certificate names the address this test connects to
        // (the broker's other names are cluster DNS names); every other setting is the chart's default.
        Rendered r = Chart.parse(Chart.template("default", Map.of("kafka.bundled.externalListener.enabled", true,
                "kafka.bundled.externalListener.advertisedHost", "127.0.0.1")));
        Map<String, String> passwords = KafkaAuthChartTest.decoded(r.get(Secret.class, F + "-kafka-users"));

        Path home = kafkaHome(dir);

        int port = Ports.free();
        int controller = Ports.free();
        String bootstrap = "127.0.0.1:" + port;
        Container brokerContainer = r.get(StatefulSet.class, F + "-kafka").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        Map<String, String> brokerEnv = resolve(r, brokerContainer);
        // The Secret's files where the pod mounts them: the broker's, and the CA the clients trust.
        Map<String, String> tls = KafkaAuthChartTest.decoded(r.get(Secret.class, F + "-kafka-tls"));
        Path tlsDir = Files.createDirectories(dir.resolve("kafka-tls"));
        for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
            Files.writeString(tlsDir.resolve(file), tls.get(file));
        }
        Path ca = tlsDir.resolve("ca.crt");
        assertThat(Rendered.env(brokerContainer).get("KAFKA_TLS_DIR").getValue()).isEqualTo("/etc/kafka/tls");
        int external = Ports.free();
        brokerEnv.putAll(Map.of(
                "KAFKA_CFG_LISTENERS", "SASL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller
                        + ",EXTERNAL://127.0.0.1:" + external,
                "KAFKA_CFG_ADVERTISED_LISTENERS", "SASL://" + bootstrap + ",EXTERNAL://127.0.0.1:" + external,
                "KAFKA_TLS_DIR", tlsDir.toString(),
                "KAFKA_CFG_CONTROLLER_QUORUM_VOTERS", "1@127.0.0.1:" + controller,
                "KAFKA_CFG_LOG_DIRS", dir.resolve("volume/kraft-logs").toString(),
                "KAFKA_HEAP_OPTS", "-Xmx256m",
                "KAFKA_WORK_DIR", dir.resolve("tmp").toString()));
        Path brokerLog = dir.resolve("broker.log");
        Process broker = run(brokerContainer.getArgs().get(0), brokerEnv, home, brokerLog);
        try {
            Map<String, Object> admin = new HashMap<>(KafkaClients.sasl("admin", passwords.get("admin"), "PLAIN"));
            admin.putAll(trusting(ca));
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
            admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
            try (Admin a = Admin.create(admin)) {
                KafkaBrokerScriptTest.awaitBroker(a, broker, brokerLog);
            }
            assertThat(Files.readString(brokerLog)).as("the password stays out of the log")
                    .doesNotContain(passwords.get("admin"));

            // the topics Job: topics, users (passwords from the chart's Secret), ACLs
            Container jobContainer = r.get(Job.class, F + "-topics").getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> jobEnv = resolve(r, jobContainer);
            jobEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            assertThat(jobEnv).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            jobEnv.put("KAFKA_SSL_TRUSTSTORE_LOCATION", ca.toString());
            Path jobLog = dir.resolve("job.log");
            Process job = run(jobContainer.getArgs().get(0), jobEnv, home, jobLog);
            assertThat(job.waitFor(400, TimeUnit.SECONDS)).as("the Job ends").isTrue();
            String jobOut = Files.readString(jobLog);
            assertThat(job.exitValue()).as(jobOut).isZero();
            assertThat(jobOut).contains("ensure-topics: user sampler-service ready",
                    "ensure-topics: User:hub-bridge may Write on literal").doesNotContain(passwords.get("sampler-service"));

            // The services' settings: protocol and trust store as the chart gives them, the CA at this test's path.
            Map<String, String> samplerEnv = resolve(r, r.container("sampler-service"));
            assertThat(samplerEnv).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            Map<String, Object> chartTls = trusting(ca);

            assertThat(probe("chart", bootstrap, null, null, chartTls, "lva.graph.instances")).startsWith("DENIED");
            for (String service : List.of("ingest-service", "sampler-service", "inference-service", "recorder-service")) {
                assertThat(probe("chart", bootstrap, service, passwords.get(service), chartTls, "lva.graph.instances"))
                        .isEqualTo("DENIED (TopicAuthorizationException)");
            }
            assertThat(probe("chart", bootstrap, "sampler-service", passwords.get("sampler-service"), chartTls, "lva.graph.topologies"))
                    .isEqualTo("DENIED (TopicAuthorizationException)");
            assertThat(probe("chart", bootstrap, "sampler-service", passwords.get("sampler-service"), chartTls, "lva.media.frames"))
                    .isEqualTo("ALLOWED");
            assertThat(probe("chart", bootstrap, "hub-bridge", passwords.get("hub-bridge"), chartTls, "lva.graph.instances")).isEqualTo("ALLOWED");
            assertThat(probe("chart", bootstrap, "hub-bridge", "wrong-" + passwords.get("hub-bridge"), chartTls, "lva.graph.instances"))
                    .isEqualTo("DENIED (SaslAuthenticationException)");
            // The external listener: the same TLS and logins.
            assertThat(probe("chart", "127.0.0.1:" + external, "recorder-service", passwords.get("recorder-service"), chartTls,
                    "lva.events")).isEqualTo("ALLOWED");

            // Without TLS the right login gets no answer; trusting another CA, no connection either.
            assertThat(probe("chart", bootstrap, "hub-bridge", passwords.get("hub-bridge"), Map.of(), "lva.graph.instances"))
                    .isEqualTo("DENIED (TimeoutException)");
            Path otherCa = dir.resolve("other-ca.crt");
            Files.writeString(otherCa, KafkaAuthChartTest.decoded(Chart.parse(Chart.template("default", Map.of()))
                    .get(Secret.class, F + "-kafka-tls")).get("ca.crt"));
            assertThat(probe("chart", bootstrap, "hub-bridge", passwords.get("hub-bridge"), trusting(otherCa), "lva.graph.instances"))
                    .isEqualTo("DENIED (SslAuthenticationException)");
        } finally {
            KafkaBrokerScriptTest.stop(broker);
        }
    }

    /** A $KAFKA_HOME whose bin/ scripts start Kafka's classes with this test's classpath (broker, topics, configs, ACLs). */
    static Path kafkaHome(Path dir) throws java.io.IOException {
        Path home = dir.resolve("kafka-home");
        Files.createDirectories(home.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        KafkaBrokerScriptTest.tool(home, "kafka-storage.sh", java, "kafka.tools.StorageTool");
        KafkaBrokerScriptTest.tool(home, "kafka-server-start.sh", java, "kafka.Kafka");
        KafkaBrokerScriptTest.tool(home, "kafka-topics.sh", java, "org.apache.kafka.tools.TopicCommand");
        KafkaBrokerScriptTest.tool(home, "kafka-configs.sh", java, "kafka.admin.ConfigCommand");
        KafkaBrokerScriptTest.tool(home, "kafka-acls.sh", java, "org.apache.kafka.tools.AclCommand");
        return home;
    }

    /** TLS settings of a client that trusts the CA in {@code ca} (a PEM file), as the chart's env gives them. */
    private static Map<String, Object> trusting(Path ca) {
        return Map.of("security.protocol", "SASL_SSL", "ssl.truststore.type", "PEM", "ssl.truststore.location", ca.toString());
    }

    /** A write of one record; {@code tls} empty = the login over SASL_PLAINTEXT. */
    static String probe(String where, String bootstrap, String user, String password, Map<String, Object> tls, String topic) {
        Map<String, Object> config = new HashMap<>();
        if (user != null) {
            config.putAll(KafkaClients.sasl(user, password, null));
        }
        config.putAll(tls);
        if (user == null && !tls.isEmpty()) {
            config.put("security.protocol", "SSL"); // TLS, no login
        }
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        String result;
        try (KafkaProducer<String, String> p = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, "probe", "probe")).get(10, TimeUnit.SECONDS);
            result = "ALLOWED";
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            result = "DENIED (" + cause.getClass().getSimpleName() + ")";
        }
        System.out.printf("ACL probe (%s): %-22s %-16s write %-22s %s%n", where, user == null ? "no credentials" : "User:" + user,
                tls.isEmpty() ? "no TLS" : "TLS " + Path.of(tls.get("ssl.truststore.location").toString()).getFileName(), topic, result);
        return result;
    }

    /** A container's env with ConfigMap and Secret references resolved from the same render. */
    private static Map<String, String> resolve(Rendered r, Container c) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                env.put(e.getName(), r.get(ConfigMap.class, ref.getName()).getData().get(ref.getKey()));
            } else if (e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                env.put(e.getName(), KafkaAuthChartTest.decoded(r.get(Secret.class, ref.getName())).get(ref.getKey()));
            }
        }
        return env;
    }

    static Process run(String script, Map<String, String> env, Path home, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("OPENLVA_"));
        pb.environment().putAll(env);
        pb.environment().put("KAFKA_HOME", home.toString());
        pb.environment().put("TEST_CLASSPATH", System.getProperty("java.class.path"));
        return pb.start();
    }

}
