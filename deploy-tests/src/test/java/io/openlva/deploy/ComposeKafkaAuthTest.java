package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.openlva.graph.model.OwningService;
import io.openlva.runtime.KafkaAccess;

/**
 * Who may change the pipeline under docker-compose.yml: its broker asks every listener's clients for a login, the
 * kafka-topics service grants the chart's ACL table (compose's prefixes), each service logs in as its own principal
 * with a password from the .env file scripts/compose-secrets.sh writes (once, never overwriting what is there), and
 * nothing starts before the users exist.
 */
class ComposeKafkaAuthTest {

    private static final Path COMPOSE = Chart.PROJECT_ROOT.resolve("docker-compose.yml");
    private static final Path SCRIPT = Chart.PROJECT_ROOT.resolve("scripts/compose-secrets.sh");
    /** ${NAME:?message}: a variable compose refuses to start without. */
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]*}");

    private static Map<String, Object> services() {
        return map(Chart.yaml().<Map<String, Object>>load(Chart.read(COMPOSE)).get("services"));
    }

    private static Map<String, Object> env(String service) {
        return map(map(services().get(service)).get("environment"));
    }

    @Test
    void theBrokerAsksForALoginOnEveryClientListener() {
        Map<String, Object> kafka = env("kafka");
        List<String> listeners = new ArrayList<>();
        for (String l : String.valueOf(kafka.get("KAFKA_CFG_LISTENERS")).split(",")) {
            listeners.add(l.substring(0, l.indexOf("://")));
        }
        Map<String, String> protocols = new LinkedHashMap<>();
        for (String entry : String.valueOf(kafka.get("KAFKA_CFG_LISTENER_SECURITY_PROTOCOL_MAP")).split(",")) {
            protocols.put(entry.split(":")[0], entry.split(":")[1]);
        }
        assertThat(listeners).containsExactlyInAnyOrder("SASL", "CONTROLLER", "EXTERNAL");
        for (String l : listeners) {
            assertThat(protocols.get(l)).as(l).startsWith("SASL_");
        }
        assertThat(Arrays.asList(String.valueOf(kafka.get("KAFKA_SASL_LISTENERS")).split(","))).containsExactlyInAnyOrderElementsOf(listeners);
        assertThat(kafka).containsEntry("KAFKA_CFG_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
                .containsEntry("KAFKA_CFG_SUPER_USERS", "User:admin")
                .containsEntry("KAFKA_CFG_INTER_BROKER_LISTENER_NAME", "SASL");
        assertThat(String.valueOf(kafka.get("KAFKA_CFG_AUTHORIZER_CLASS_NAME"))).endsWith("StandardAuthorizer");
        assertThat(required(kafka.get("KAFKA_ADMIN_PASSWORD"))).isEqualTo("OPENLVA_KAFKA_ADMIN_PASSWORD");
    }

    @Test
    void eachServiceLogsInAsItselfAfterKafkaTopicsMadeItsUser() {
        Map<String, Object> topics = env("kafka-topics");
        assertThat(topics).containsEntry("KAFKA_SASL_USERNAME", "admin").containsEntry("KAFKA_SASL_MECHANISM", "PLAIN");
        assertThat(required(topics.get("KAFKA_SASL_PASSWORD"))).isEqualTo("OPENLVA_KAFKA_ADMIN_PASSWORD");
        assertThat(String.valueOf(topics.get("KAFKA_USERS")).split(" ")).containsExactlyInAnyOrder(
                Arrays.stream(OwningService.values()).map(KafkaAccess::user).toArray(String[]::new));
        for (OwningService s : OwningService.values()) {
            String app = KafkaAccess.user(s);
            Map<String, Object> env = env(app);
            assertThat(env).as(app).containsEntry("KAFKA_SASL_USERNAME", app)
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT").containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            String password = required(env.get("KAFKA_SASL_PASSWORD"));
            assertThat(password).as(app).isEqualTo("OPENLVA_KAFKA_" + app.toUpperCase().replace('-', '_') + "_PASSWORD");
            assertThat(required(topics.get("KAFKA_USER_" + app.toUpperCase().replace('-', '_') + "_PASSWORD")))
                    .as("kafka-topics sets %s's password from the same variable", app).isEqualTo(password);
            assertThat(required(env.get("OPENLVA_PARAMETER_KEYS"))).as(app).isEqualTo("OPENLVA_PARAMETER_KEYS");
            Map<String, Object> dependsOn = map(map(services().get(app)).get("depends_on"));
            assertThat(map(dependsOn.get("kafka-topics"))).as(app).containsEntry("condition", "service_completed_successfully");
        }
    }

    @Test
    void kafkaTopicsGrantsTheChartsAclTable() {
        // The chart with compose's consumer group prefix: the same lines, word for word.
        Job job = Chart.parse(Chart.template("default", Map.of("consumerGroupPrefix", "openlva-")))
                .get(Job.class, Chart.FULLNAME + "-topics");
        String chart = Rendered.env(job.getSpec().getTemplate().getSpec().getContainers().get(0)).get("ACLS").getValue();
        String compose = ComposeAndImagesTest.interpolate(String.valueOf(env("kafka-topics").get("ACLS")));
        assertThat(lines(compose)).isEqualTo(lines(chart));
        assertThat(compose).contains("User:hub-bridge literal Write topic:lva.graph.topologies topic:lva.graph.instances");
        assertThat(compose.lines().filter(l -> !l.startsWith("User:hub-bridge")))
                .noneSatisfy(l -> assertThat(l).contains("Write").containsAnyOf("topic:lva.graph.topologies", "topic:lva.graph.instances"));
    }

    @Test
    void theSecretsScriptWritesEveryVariableComposeRequiresOnceAndKeepsWhatIsThere(@TempDir Path dir) throws Exception {
        Set<String> needed = new TreeSet<>();
        Matcher m = REQUIRED.matcher(Chart.read(COMPOSE));
        while (m.find()) {
            needed.add(m.group(1));
        }
        assertThat(needed).contains("OPENLVA_API_TOKEN", "OPENLVA_PARAMETER_KEYS", "OPENLVA_KAFKA_ADMIN_PASSWORD",
                "OPENLVA_KAFKA_HUB_BRIDGE_PASSWORD");

        Path file = dir.resolve(".env");
        assertThat(run(file)).contains("8 secret(s) added");
        Map<String, String> drawn = dotenv(file);
        assertThat(drawn.keySet()).containsAll(needed);
        assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        drawn.forEach((k, v) -> {
            if (k.equals("OPENLVA_PARAMETER_KEYS")) {
                assertThat(io.openlva.graph.param.ParameterCipher.parse(v).sealing()).isTrue();
            } else {
                // ensure-topics.sh and kafka-broker.sh take letters, digits, '.', '_' and '-' only
                assertThat(v).as(k).matches("[0-9a-f]{40}");
            }
        });
        assertThat(drawn.values()).doesNotHaveDuplicates();
        String first = Files.readString(file);
        assertThat(run(file)).contains("left as it is");
        assertThat(Files.readString(file)).as("a second run changes nothing").isEqualTo(first);

        // A .env the user already has: its lines stay, the missing secrets are added after them.
        Path own = dir.resolve("own.env");
        Files.writeString(own, "OPENLVA_BIND_ADDRESS=0.0.0.0\nOPENLVA_API_TOKEN=mine");
        run(own);
        Map<String, String> merged = dotenv(own);
        assertThat(merged).containsEntry("OPENLVA_BIND_ADDRESS", "0.0.0.0").containsEntry("OPENLVA_API_TOKEN", "mine");
        assertThat(merged.keySet()).containsAll(needed);
        assertThat(Files.readString(own)).startsWith("OPENLVA_BIND_ADDRESS=0.0.0.0\nOPENLVA_API_TOKEN=mine\n");
    }

    private static String run(Path file) throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    static Map<String, String> dotenv(Path file) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                assertThat(out.put(line.substring(0, eq), line.substring(eq + 1))).as("set once: " + line).isNull();
            }
        }
        return out;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    /** The variable of a {@code ${NAME:?message}} value. */
    private static String required(Object value) {
        Matcher m = REQUIRED.matcher(String.valueOf(value));
        assertThat(m.matches()).as("%s is ${NAME:?message}", value).isTrue();
        return m.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
