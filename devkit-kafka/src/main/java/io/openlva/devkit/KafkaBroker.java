package io.openlva.devkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Apache Kafka KRaft broker (combined broker + controller) in a child JVM, assembled from the
 * Maven Central artifacts on devkit's own dependency list. It listens on 127.0.0.1 only and exits by
 * itself when the JVM that started it goes away ({@link Supervised} watches its parent).
 *
 * <p>{@link #start} runs it open (PLAINTEXT, no authorizer), as the local run and most tests use it.
 * {@link #startSecured} runs it as a deployment should: clients authenticate with SASL/SCRAM-SHA-512, the
 * StandardAuthorizer denies what no ACL allows, and only the super user {@value #ADMIN} (random password, see
 * {@link #adminConfig()}) may do everything; {@link #createUser} and {@link #allow} add principals and ACLs.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The super user of a secured broker (also the broker's own inter-broker and controller identity). */
    public static final String ADMIN = "admin";
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final Path logFile;
    /** The admin's password; null for an open broker. */
    private final String adminPassword;
    private Process process;

    private KafkaBroker(int port, int controllerPort, Path dataDir, Path logFile, String adminPassword) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.adminPassword = adminPassword;
    }

    /** Starts an open broker on the given port (0 = a free one), storing its log segments in {@code dataDir}. */
    public static KafkaBroker start(int port, Path dataDir) {
        KafkaBroker broker = new KafkaBroker(port == 0 ? Ports.free() : port, Ports.free(), dataDir,
                dataDir.resolve("broker.log"), null);
        broker.startProcess(true);
        return broker;
    }

    /**
     * Starts a broker whose clients must authenticate (SASL_PLAINTEXT, SCRAM-SHA-512) and are authorized by ACLs.
     * The admin's SCRAM credential is written into the storage when it is formatted, so the broker can talk to
     * itself before any user exists; the controller listener uses SASL/PLAIN with the same static admin.
     */
    public static KafkaBroker startSecured(int port, Path dataDir) {
        KafkaBroker broker = new KafkaBroker(port == 0 ? Ports.free() : port, Ports.free(), dataDir,
                dataDir.resolve("broker.log"), randomSecret());
        broker.startProcess(true);
        return broker;
    }

    public boolean secured() {
        return adminPassword != null;
    }

    /** Client settings of the super user: bootstrap servers plus, on a secured broker, its SASL login. */
    public Map<String, Object> adminConfig() {
        return adminPassword == null ? clientConfig(null, null) : clientConfig(ADMIN, adminPassword);
    }

    /** Client settings for {@code user}: bootstrap servers and a SCRAM login (none when {@code user} is null). */
    public Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (user != null) {
            config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            config.put(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
            config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + user + "\" password=\"" + password + "\";");
        }
        return config;
    }

    /** Creates (or changes the password of) a SCRAM-SHA-512 user on a secured broker. */
    public void createUser(String user, String password) {
        requireSecured();
        try (Admin admin = Admin.create(adminConfig())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create Kafka user " + user, e);
        }
    }

    /** Adds ACLs on a secured broker, waiting until they are in force. */
    public void allow(Collection<AclBinding> acls) {
        requireSecured();
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create ACLs", e);
        }
    }

    private void requireSecured() {
        if (adminPassword == null) {
            throw new IllegalStateException("an open broker has no users or ACLs: start it with startSecured");
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker (clean shutdown, then kill) and keeps its data, so {@link #restart()} resumes. */
    public synchronized void stop() {
        Processes.stop(process, Duration.ofSeconds(20));
        process = null;
    }

    /** Kills the broker abruptly, as a crashed node would go. */
    public synchronized void kill() {
        Processes.kill(process);
        process = null;
    }

    /** Starts the broker again on the same port and data (for fault tests). */
    public synchronized void restart() {
        stop();
        startProcess(false);
    }

    @Override
    public void close() {
        stop();
    }

    /** Creates topics if missing (partitions, config), waiting for the result. */
    public void createTopics(List<NewTopic> topics) {
        try (Admin admin = Admin.create(adminConfig())) {
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic creation timed out", e);
        }
    }

    private synchronized void startProcess(boolean format) {
        try {
            Files.createDirectories(dataDir);
            Path logs = dataDir.resolve("kraft-logs");
            Path config = dataDir.resolve("server.properties");
            Files.writeString(config, serverProperties(logs), StandardCharsets.UTF_8);
            if (format && !Files.exists(logs.resolve("meta.properties"))) {
                List<String> formatCommand = new ArrayList<>(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(),
                        "-c", config.toString(), "--ignore-formatted"));
                if (adminPassword != null) {
                    formatCommand.addAll(List.of("--add-scram",
                            SCRAM_MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"));
                }
                run(formatCommand, Duration.ofSeconds(60));
            }
            List<String> cmd = javaCommand();
            cmd.add(Supervised.class.getName());
            cmd.add(Long.toString(ProcessHandle.current().pid()));
            cmd.add("kafka.Kafka");
            cmd.add(config.toString());
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            awaitListening();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker, see " + logFile, e);
        }
    }

    private String serverProperties(Path logs) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        // With static voters, storage is formatted without --standalone (the two conflict).
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        if (adminPassword == null) {
            p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        } else {
            secure(p);
        }
        p.setProperty("log.dirs", logs.toString());
        p.setProperty("num.partitions", "1");
        // One node: every internal topic has a replication factor of 1.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("auto.create.topics.enable", "true");
        // Tests and local runs: rebalance groups without the usual 3 s wait for more members.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.setProperty("message.max.bytes", Integer.toString(16 * 1024 * 1024));
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        StringBuilder sb = new StringBuilder();
        p.stringPropertyNames().stream().sorted().forEach(k -> sb.append(k).append('=').append(p.getProperty(k)).append('\n'));
        return sb.toString();
    }

    /** SCRAM for clients and the broker itself, PLAIN (static admin) for the controller, ACLs enforced. */
    private void secure(Properties p) {
        p.setProperty("listeners", "SASL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "SASL://127.0.0.1:" + port);
        p.setProperty("listener.security.protocol.map", "SASL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "SASL");
        p.setProperty("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
        p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        p.setProperty("listener.name.sasl.sasl.enabled.mechanisms", SCRAM_MECHANISM);
        p.setProperty("listener.name.sasl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + adminPassword + "\";");
        p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";");
        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("super.users", "User:" + ADMIN);
        p.setProperty("allow.everyone.if.no.acl.found", "false");
    }

    /** A password of 32 letters and digits (safe inside JAAS quotes and the storage tool's argument syntax). */
    public static String randomSecret() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue()
                        + "; last lines of " + logFile + ":\n" + tail(logFile, 30));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                if (brokerAnswers()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(100);
        }
        kill();
        throw new IllegalStateException("the Kafka broker did not start within " + START_TIMEOUT + "; see " + logFile
                + ":\n" + tail(logFile, 30));
    }

    private boolean brokerAnswers() {
        Map<String, Object> config = adminConfig();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void run(List<String> mainAndArgs, Duration timeout) throws IOException {
        List<String> cmd = javaCommand();
        cmd.addAll(mainAndArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(mainAndArgs.get(0) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(mainAndArgs.get(0) + " failed:\n" + tail(logFile, 30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    private static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>(Supervised.ownSession());
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms128m");
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        cmd.add("-cp");
        cmd.add(brokerClasspath());
        return cmd;
    }

    /** The classpath written by the build (dependency:build-classpath) plus devkit's own classes. */
    static String brokerClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka-broker.classpath missing from devkit: build devkit with Maven");
            }
            String deps = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            Path self = Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self + java.io.File.pathSeparator + deps;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (as Uuid.randomUuid()), never
     * starting with '-' (the storage tool would read it as an option).
     */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] b = new byte[16];
        String id;
        do {
            random.nextBytes(b);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        } while (id.startsWith("-"));
        return id;
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
