package io.openlva.devkit.iothub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto playing IoT Hub's MQTT endpoint: TLS on 127.0.0.1:8883 (the device SDK hard-codes 8883
 * for MQTT), a CA and server certificate generated with openssl under target/, anonymous clients allowed (the
 * SDK's SAS token is its password). Runs under coreutils {@code timeout} so it stops itself even when the test
 * JVM is killed.
 */
public final class MosquittoBroker implements AutoCloseable {

    public static final int PORT = 8883;
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private Process process;

    private MosquittoBroker(Path dir) {
        this.dir = dir;
    }

    public static boolean available() {
        return Files.isExecutable(MOSQUITTO);
    }

    /** Generates certificates and config under {@code dir} and starts the broker. */
    public static MosquittoBroker start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        MosquittoBroker b = new MosquittoBroker(dir.toAbsolutePath());
        b.generateCertificates();
        b.writeConfig();
        b.killLeftover();
        Files.deleteIfExists(b.dir.resolve("mosquitto.db")); // sessions of an earlier run
        b.start();
        return b;
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    private void generateCertificates() throws IOException, InterruptedException {
        if (Files.exists(dir.resolve("server.pem"))) {
            return;
        }
        Files.writeString(dir.resolve("server-ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                + "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "3", "-subj", "/CN=OpenLVA test IoT Hub CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "3", "-extfile", "server-ext.cnf");
    }

    private void writeConfig() throws IOException {
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "# written by the hub-bridge tests: IoT Hub's MQTT endpoint on loopback",
                "per_listener_settings false",
                "allow_anonymous true",
                "# stay the user running the tests (as root mosquitto would switch to 'mosquitto' and lose the key)",
                "user " + System.getProperty("user.name"),
                "# sessions survive a restart, as IoT Hub keeps a cloud reader's messages while it reconnects",
                "persistence true",
                "persistence_location " + dir + "/",
                "autosave_interval 1",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type subscribe",
                "max_inflight_messages 0",
                "max_queued_messages 10000",
                "listener " + PORT + " 127.0.0.1",
                "cafile " + dir.resolve("ca.pem"),
                "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"),
                "tls_version tlsv1.2",
                ""));
    }

    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        killLeftover();
        // timeout: bounded even if this JVM dies without running its shutdown hooks
        process = new ProcessBuilder("timeout", "1200", MOSQUITTO.toString(), "-c",
                dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        Files.writeString(dir.resolve("mosquitto.pid"), Long.toString(process.pid()));
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "mosquitto-stop"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mosquitto did not start, see " + dir.resolve("mosquitto.log")
                        + ": " + Files.readString(dir.resolve("mosquitto.log")));
            }
            Thread.sleep(100);
        }
    }

    /** Stops the broker (all clients see the connection drop). */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (listening() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** A broker left by a killed earlier run of these tests (same pid file) would hold the port. */
    private void killLeftover() throws IOException {
        Path pid = dir.resolve("mosquitto.pid");
        if (Files.exists(pid)) {
            try {
                String conf = dir.resolve("mosquitto.conf").toString();
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                        .filter(h -> h.info().commandLine().map(c -> c.contains(conf)).orElse(false))
                        .ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroy);
                    h.destroy();
                });
            } catch (NumberFormatException e) {
                // not ours
            }
        }
    }

    private static boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", PORT), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
