package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.openlva.devkit.Ports;
import io.openlva.graph.contract.KafkaClients;

/**
 * docker-compose.yml's Kafka for real: the secrets from scripts/compose-secrets.sh, the kafka service's environment
 * run by the chart's kafka-broker.sh, the kafka-topics service's by ensure-topics.sh (users and the ACL table), then
 * each service's login from its compose environment probing what it may write. Listeners move to free ports on
 * 127.0.0.1; everything else is compose's. Prints {@code ACL probe (compose): ...} lines.
 */
class ComposeKafkaBrokerTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?}");

    @Test
    void onlyHubBridgeWritesTheGraphTopicsOfComposesBroker(@TempDir Path dir) throws Exception {
        Path dotenv = dir.resolve(".env");
        Process script = new ProcessBuilder("bash", Chart.PROJECT_ROOT.resolve("scripts/compose-secrets.sh").toString(),
                dotenv.toString()).redirectErrorStream(true).start();
        script.getInputStream().readAllBytes();
        assertThat(script.waitFor(30, TimeUnit.SECONDS) && script.exitValue() == 0).isTrue();
        Map<String, String> secrets = ComposeKafkaAuthTest.dotenv(dotenv);
        Map<String, Object> services = Chart.yaml().<Map<String, Map<String, Object>>>load(
                Chart.read(Chart.PROJECT_ROOT.resolve("docker-compose.yml"))).get("services");

        Path home = KafkaAuthBrokerTest.kafkaHome(dir);
        int port = Ports.free();
        int controller = Ports.free();
        int external = Ports.free();
        String bootstrap = "127.0.0.1:" + port;
        Map<String, String> brokerEnv = environment(services, "kafka", secrets);
        brokerEnv.putAll(Map.of(
                "KAFKA_CFG_LISTENERS", "SASL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller
                        + ",EXTERNAL://127.0.0.1:" + external,
                "KAFKA_CFG_ADVERTISED_LISTENERS", "SASL://" + bootstrap + ",EXTERNAL://127.0.0.1:" + external,
                "KAFKA_CFG_CONTROLLER_QUORUM_VOTERS", "1@127.0.0.1:" + controller,
                "KAFKA_CFG_LOG_DIRS", dir.resolve("volume/kraft-logs").toString(),
                "KAFKA_HEAP_OPTS", "-Xmx256m",
                "KAFKA_WORK_DIR", dir.resolve("tmp").toString()));
        Path brokerLog = dir.resolve("broker.log");
        Process broker = KafkaAuthBrokerTest.run(Chart.read(Chart.CHART_DIR.resolve("files/kafka-broker.sh")), brokerEnv,
                home, brokerLog);
        try {
            Map<String, Object> admin = new HashMap<>(KafkaClients.sasl("admin", secrets.get("OPENLVA_KAFKA_ADMIN_PASSWORD"), "PLAIN"));
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
            admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
            try (Admin a = Admin.create(admin)) {
                KafkaBrokerScriptTest.awaitBroker(a, broker, brokerLog);
            }

            Map<String, String> topicsEnv = environment(services, "kafka-topics", secrets);
            topicsEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            Path topicsLog = dir.resolve("kafka-topics.log");
            Process topics = KafkaAuthBrokerTest.run(Chart.read(Chart.CHART_DIR.resolve("files/ensure-topics.sh")), topicsEnv,
                    home, topicsLog);
            assertThat(topics.waitFor(400, TimeUnit.SECONDS)).as("kafka-topics ends").isTrue();
            String out = Files.readString(topicsLog);
            assertThat(topics.exitValue()).as(out).isZero();
            assertThat(out).contains("ensure-topics: user hub-bridge ready", "ensure-topics: User:hub-bridge may Write on literal");

            assertThat(probe(services, secrets, null, bootstrap, "lva.graph.instances")).startsWith("DENIED");
            for (String service : List.of("ingest-service", "sampler-service", "inference-service", "recorder-service")) {
                assertThat(probe(services, secrets, service, bootstrap, "lva.graph.instances"))
                        .isEqualTo("DENIED (TopicAuthorizationException)");
            }
            assertThat(probe(services, secrets, "sampler-service", bootstrap, "lva.media.frames")).isEqualTo("ALLOWED");
            assertThat(probe(services, secrets, "hub-bridge", bootstrap, "lva.graph.instances")).isEqualTo("ALLOWED");
            // the listener compose publishes on 127.0.0.1:29092 asks for the same logins
            assertThat(probe(services, secrets, "recorder-service", "127.0.0.1:" + external, "lva.events")).isEqualTo("ALLOWED");
            assertThat(probe(services, secrets, null, "127.0.0.1:" + external, "lva.events")).startsWith("DENIED");
        } finally {
            KafkaBrokerScriptTest.stop(broker);
        }
    }

    /** A write with the login compose gives {@code service} (null: none). */
    private static String probe(Map<String, Object> services, Map<String, String> secrets, String service, String bootstrap,
            String topic) {
        if (service == null) {
            return KafkaAuthBrokerTest.probe("compose", bootstrap, null, null, Map.of(), topic);
        }
        Map<String, String> env = environment(services, service, secrets);
        assertThat(env).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        return KafkaAuthBrokerTest.probe("compose", bootstrap, env.get("KAFKA_SASL_USERNAME"), env.get("KAFKA_SASL_PASSWORD"),
                Map.of(), topic);
    }

    /** A compose service's environment, interpolated as compose does with the .env file and no other variables. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> services, String service, Map<String, String> secrets) {
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
        Map<String, String> out = new HashMap<>();
        env.forEach((k, v) -> {
            Matcher m = VARIABLE.matcher(String.valueOf(v));
            StringBuilder value = new StringBuilder();
            while (m.find()) {
                String set = secrets.get(m.group(1));
                if (set == null && "?".equals(m.group(2))) {
                    throw new AssertionError(service + ": " + k + " needs " + m.group(1) + ", which .env does not set");
                }
                m.appendReplacement(value, Matcher.quoteReplacement(set != null ? set : m.group(3) == null ? "" : m.group(3)));
            }
            m.appendTail(value);
            out.put(k, value.toString());
        });
        return out;
    }
}
